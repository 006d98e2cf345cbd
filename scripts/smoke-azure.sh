#!/usr/bin/env bash
# Smoke test of a deployment, end to end, as a user would use it (run it after deploying; the deploy
# workflow runs it too). Four steps, the same in Azure and locally:
#   1/4 upload    a small generated dataset (binary classification, different content each run) is
#                 put into datasets/<model>/smoke-<time>-<seed>.csv with YOUR identity (Azure: a
#                 Microsoft Entra token from az; locally: Azurite's development account key);
#   2/4 training  the job the blob trigger creates is followed until it is registered or failed;
#   3/4 predict   one row built from the model's input schema, predicted by the champion (or by the
#                 new version with ?version=n when the model has no champion): a label and probabilities;
#   4/4 web       the web app's page and /api/health.
# It ends with "smoke: OK" and the time of each step, or "smoke: FAILED at step n/4 (<step>): ..."
# and a non-zero exit code.
#
#   scripts/smoke-azure.sh [options] [<environment-name>]      a deployment in Azure (needs az, signed in)
#   scripts/smoke-azure.sh --local [options]                   the local stack (scripts/run-local.sh)
#
# Options:
#   --local                the local stack: API and web app on http://127.0.0.1:$PORT (7071), Azurite's
#                          blob service on http://127.0.0.1:$AZURITE_BLOB_PORT (10000), function key
#                          from LOCAL_FUNCTION_KEY if set
#   --timeout SECONDS      how long to wait for the job (default 1800 in Azure, where the compute cluster
#                          starts from zero nodes; 300 locally)
#   --model NAME           the model to train (default smoke); every run adds a version to it
#   --resource-group NAME  Azure: the resource group (default $AZURE_RESOURCE_GROUP, else rg-<environment-name>)
#   --api-url URL          the function app (same as SMOKE_API_URL)
#   --web-url URL          the web app (same as SMOKE_WEB_URL)
#   --blob-endpoint URL    the blob service (same as SMOKE_BLOB_ENDPOINT)
#   -h, --help             this text
#
# Azure: the environment name (argument, else $AZURE_ENV_NAME) names the deployment '<name>-main' of
# infra/bicep/main.bicep whose outputs give the function app, storage account, static web app and
# Azure ML workspace, as scripts/deploy.sh uses them. An output already in the environment (as azd
# exports them: eval "$(azd env get-values)") is taken from there. The function key comes from
# 'az functionapp keys list', the storage token from 'az account get-access-token'.
#
# Environment (each overrides what would be looked up, so the script can be pointed anywhere):
#   SMOKE_API_URL, SMOKE_WEB_URL, SMOKE_BLOB_ENDPOINT, SMOKE_FUNCTION_KEY (may be empty),
#   SMOKE_STORAGE_TOKEN (a bearer token for https://storage.azure.com/), or SMOKE_STORAGE_ACCOUNT and
#   SMOKE_STORAGE_KEY (Shared Key), SMOKE_AZUREML_WORKSPACE_ID (/subscriptions/<id>/resourcegroups/<rg>/
#   workspaces/<name>, for Azure ML studio links), SMOKE_MODEL, SMOKE_TIMEOUT, SMOKE_POLL_SECONDS,
#   SMOKE_ROWS (400), AZURE_SUBSCRIPTION_ID (else the az CLI's current subscription).
#
# Needs Node.js 18+ (and in Azure mode the Azure CLI, unless every value above is given).
set -euo pipefail
here=${BASH_SOURCE[0]%/*}
[ "$here" = "${BASH_SOURCE[0]}" ] && here=.
cd "$here/.."

usage() {
  local line started=false
  while IFS= read -r line; do
    if ! $started; then started=true; continue; fi  # the #! line
    case "$line" in set\ -euo*) break ;; esac
    line=${line#\#}; echo "${line# }"
  done < scripts/smoke-azure.sh
}
setup_failed() { echo "smoke: FAILED at setup: $*" >&2; exit 1; }
bad_usage() { echo "smoke: $*" >&2; echo "see scripts/smoke-azure.sh --help" >&2; exit 2; }

# Azurite's published development account and key (as in web-tests/stack.mjs and core's AppConfig): not a secret.
AZURITE_ACCOUNT=devstoreaccount1
AZURITE_KEY='Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=='

local_mode=false env_name="" resource_group=""
while [ $# -gt 0 ]; do
  case "$1" in
    --local) local_mode=true; shift ;;
    --timeout) [ $# -ge 2 ] || bad_usage "--timeout needs a number of seconds"; SMOKE_TIMEOUT=$2; shift 2 ;;
    --model) [ $# -ge 2 ] || bad_usage "--model needs a name"; SMOKE_MODEL=$2; shift 2 ;;
    --resource-group) [ $# -ge 2 ] || bad_usage "--resource-group needs a name"; resource_group=$2; shift 2 ;;
    --api-url) [ $# -ge 2 ] || bad_usage "--api-url needs a URL"; SMOKE_API_URL=$2; shift 2 ;;
    --web-url) [ $# -ge 2 ] || bad_usage "--web-url needs a URL"; SMOKE_WEB_URL=$2; shift 2 ;;
    --blob-endpoint) [ $# -ge 2 ] || bad_usage "--blob-endpoint needs a URL"; SMOKE_BLOB_ENDPOINT=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    -*) bad_usage "unknown option $1" ;;
    *) [ -z "$env_name" ] || bad_usage "unexpected argument $1"; env_name=$1; shift ;;
  esac
done
SMOKE_MODEL=${SMOKE_MODEL:-smoke}
[[ "$SMOKE_MODEL" =~ ^[a-z0-9-]{1,63}$ ]] || bad_usage "model name '$SMOKE_MODEL': use 1-63 characters of a-z, 0-9 and '-'"
if [ -n "${SMOKE_TIMEOUT:-}" ]; then
  [[ "$SMOKE_TIMEOUT" =~ ^[1-9][0-9]*$ ]] || bad_usage "--timeout '$SMOKE_TIMEOUT': give a whole number of seconds"
fi

command -v node >/dev/null 2>&1 || setup_failed "Node.js 18 or newer is needed (node is not on the PATH): https://nodejs.org"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)' \
  || setup_failed "Node.js 18 or newer is needed, this is $(node --version)"

mask() {  # keeps a secret out of GitHub Actions logs
  if [ "${GITHUB_ACTIONS:-}" = "true" ] && [ -n "$1" ]; then echo "::add-mask::$1"; fi
}

if $local_mode; then
  SMOKE_MODE=local
  [ -z "$env_name" ] || bad_usage "--local takes no environment name (got '$env_name')"
  SMOKE_API_URL=${SMOKE_API_URL:-http://127.0.0.1:${PORT:-7071}}
  SMOKE_WEB_URL=${SMOKE_WEB_URL:-${SMOKE_API_URL%/}/}
  SMOKE_BLOB_ENDPOINT=${SMOKE_BLOB_ENDPOINT:-http://127.0.0.1:${AZURITE_BLOB_PORT:-10000}/$AZURITE_ACCOUNT}
  if [ -z "${SMOKE_STORAGE_TOKEN:-}" ]; then
    SMOKE_STORAGE_ACCOUNT=${SMOKE_STORAGE_ACCOUNT:-$AZURITE_ACCOUNT}
    SMOKE_STORAGE_KEY=${SMOKE_STORAGE_KEY:-$AZURITE_KEY}
  fi
  SMOKE_FUNCTION_KEY=${SMOKE_FUNCTION_KEY-${LOCAL_FUNCTION_KEY:-}}
  where="the local stack"
else
  SMOKE_MODE=azure
  az_ready=false outputs_json="" subscription=""
  need_az() {
    $az_ready && return 0
    command -v az >/dev/null 2>&1 \
      || setup_failed "the Azure CLI (az) is not installed: https://learn.microsoft.com/cli/azure/install-azure-cli (or give every value in SMOKE_* variables, see --help; --local tests the local stack)"
    az account show --only-show-errors -o none 2>/dev/null || setup_failed "the Azure CLI is not signed in: run 'az login' (and 'az account set --subscription <id>')"
    if [ -n "${AZURE_SUBSCRIPTION_ID:-}" ]; then
      az account set --subscription "$AZURE_SUBSCRIPTION_ID" || setup_failed "cannot select the subscription $AZURE_SUBSCRIPTION_ID"
    fi
    az_ready=true
  }
  need_env() {
    if [ -z "$env_name" ]; then env_name=${AZURE_ENV_NAME:-}; fi
    [ -n "$env_name" ] || bad_usage "give the environment name (as for scripts/deploy.sh, e.g. scripts/smoke-azure.sh tabml-dev), set AZURE_ENV_NAME, or use --local"
    resource_group=${resource_group:-${AZURE_RESOURCE_GROUP:-rg-$env_name}}
  }
  load_outputs() {  # the outputs of this environment's deployment of infra/bicep/main.bicep, once
    [ -n "$outputs_json" ] && return 0
    need_env
    need_az
    outputs_json=$(az deployment group show -g "$resource_group" -n "$env_name-main" --query properties.outputs -o json --only-show-errors) \
      && [ -n "$outputs_json" ] && [ "$outputs_json" != "null" ] \
      || setup_failed "no deployment '$env_name-main' in resource group '$resource_group': deploy first (scripts/deploy.sh $env_name <location>), or give --resource-group"
  }
  output() {  # output NAME VARIABLE [optional]: sets VARIABLE to the Bicep output NAME (from the environment if there)
    local value=${!1:-}
    if [ -z "$value" ]; then
      load_outputs
      value=$(node -e '
        const outputs = JSON.parse(require("fs").readFileSync(0, "utf8"));
        const key = Object.keys(outputs).find((k) => k.toLowerCase() === process.argv[1].toLowerCase());
        const value = key === undefined ? undefined : outputs[key].value;
        process.stdout.write(value === undefined || value === null ? "" : String(value));' "$1" <<< "$outputs_json")
      [ -n "$value" ] || [ "${3:-}" = optional ] || setup_failed "the deployment '$env_name-main' has no output $1: re-run the infra step of scripts/deploy.sh"
    fi
    printf -v "$2" '%s' "$value"
  }

  if [ -z "${SMOKE_API_URL:-}" ]; then output AZURE_FUNCTION_APP_HOSTNAME host; SMOKE_API_URL="https://$host"; fi
  if [ -z "${SMOKE_WEB_URL:-}" ]; then output AZURE_STATIC_WEB_APP_HOSTNAME host; SMOKE_WEB_URL="https://$host/"; fi
  if [ -z "${SMOKE_BLOB_ENDPOINT:-}" ]; then output AZURE_STORAGE_BLOB_ENDPOINT SMOKE_BLOB_ENDPOINT; fi
  if [ -z "${SMOKE_FUNCTION_KEY+set}" ]; then
    output AZURE_FUNCTION_APP_NAME app
    need_env; need_az
    SMOKE_FUNCTION_KEY=""
    for attempt in 1 2 3 4 5 6; do  # a freshly deployed app may not have its keys yet
      if [ "$attempt" -lt 6 ]; then
        SMOKE_FUNCTION_KEY=$(az functionapp keys list -g "$resource_group" -n "$app" --query functionKeys.default -o tsv 2>/dev/null || true)
      else  # the last attempt shows az's error
        SMOKE_FUNCTION_KEY=$(az functionapp keys list -g "$resource_group" -n "$app" --query functionKeys.default -o tsv --only-show-errors || true)
      fi
      [ -n "$SMOKE_FUNCTION_KEY" ] && break
      if [ "$attempt" -lt 6 ]; then echo "smoke: the function key of $app is not readable yet (attempt $attempt/6), retrying in 10 s"; sleep 10; fi
    done
    [ -n "$SMOKE_FUNCTION_KEY" ] || setup_failed "could not read the default function key of $app in $resource_group (az functionapp keys list): is the code published (scripts/deploy.sh --only functions)? Or set SMOKE_FUNCTION_KEY"
  fi
  mask "$SMOKE_FUNCTION_KEY"
  if [ -z "${SMOKE_STORAGE_TOKEN:-}" ] && { [ -z "${SMOKE_STORAGE_ACCOUNT:-}" ] || [ -z "${SMOKE_STORAGE_KEY:-}" ]; }; then
    # the storage account has shared keys disabled: the upload is authorized with the signed-in
    # identity's token (it needs Storage Blob Data Contributor, which the deployment grants the deployer)
    need_az
    SMOKE_STORAGE_TOKEN=$(az account get-access-token --resource https://storage.azure.com/ --query accessToken -o tsv) \
      && [ -n "$SMOKE_STORAGE_TOKEN" ] || setup_failed "could not get a token for Azure Storage (az account get-access-token --resource https://storage.azure.com/)$(
        [ "${GITHUB_ACTIONS:-}" = "true" ] && echo "; in GitHub Actions with OpenID Connect, sign in again (azure/login) just before this step: after a long deployment the federated credential may have expired")"
  fi
  mask "${SMOKE_STORAGE_TOKEN:-}"
  if [ -z "${SMOKE_AZUREML_WORKSPACE_ID:-}" ] && $az_ready; then
    # for links to the Azure ML studio; only when the az CLI is in use anyway
    output AZUREML_WORKSPACE_NAME workspace optional
    need_env
    subscription=${AZURE_SUBSCRIPTION_ID:-}
    [ -n "$subscription" ] || subscription=$(az account show --query id -o tsv 2>/dev/null || true)
    if [ -n "$workspace" ] && [ -n "$subscription" ]; then
      SMOKE_AZUREML_WORKSPACE_ID="/subscriptions/$subscription/resourcegroups/$resource_group/workspaces/$workspace"
    fi
  fi
  where="Azure${env_name:+ environment $env_name}${resource_group:+ (resource group $resource_group)}"
fi

echo "smoke: $where, model '$SMOKE_MODEL'"
echo "  API      ${SMOKE_API_URL}"
echo "  web app  ${SMOKE_WEB_URL}"
echo "  storage  ${SMOKE_BLOB_ENDPOINT} ($([ -n "${SMOKE_STORAGE_TOKEN:-}" ] && echo "Microsoft Entra token" || echo "Shared Key of ${SMOKE_STORAGE_ACCOUNT:-?}"))"
echo "  key      $([ -n "${SMOKE_FUNCTION_KEY:-}" ] && echo "function key given" || echo "none")"
if [ -n "${SMOKE_AZUREML_WORKSPACE_ID:-}" ]; then echo "  workspace ${SMOKE_AZUREML_WORKSPACE_ID}"; fi

export SMOKE_MODE SMOKE_MODEL SMOKE_API_URL SMOKE_WEB_URL SMOKE_BLOB_ENDPOINT SMOKE_FUNCTION_KEY
export SMOKE_STORAGE_TOKEN="${SMOKE_STORAGE_TOKEN:-}" SMOKE_STORAGE_ACCOUNT="${SMOKE_STORAGE_ACCOUNT:-}" SMOKE_STORAGE_KEY="${SMOKE_STORAGE_KEY:-}"
export SMOKE_AZUREML_WORKSPACE_ID="${SMOKE_AZUREML_WORKSPACE_ID:-}"
if [ -n "${SMOKE_TIMEOUT:-}" ]; then export SMOKE_TIMEOUT; fi
exec node scripts/smoke.mjs
