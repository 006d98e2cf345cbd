#!/usr/bin/env bash
# Deploys tabml to Azure without azd: infrastructure (infra/bicep/main.bicep, previewed with what-if
# first), the function app, the trainer jar, the Event Grid subscriptions (datasets/, batch/) and the
# static web app. Run it again to update; every step is idempotent.
#
#   scripts/deploy.sh [options] <environment-name> <location>
#
# Options:
#   --resource-group NAME  resource group (default $AZURE_RESOURCE_GROUP, else rg-<environment-name>;
#                          created if missing)
#   --only STEPS           comma-separated subset of: infra,build,functions,trainer,events,web
#                          (default: all, in that order; later steps read the infra step's outputs
#                          from the last deployment of this environment)
#   --vm-size SIZE         VM size of the Azure ML compute cluster (default $COMPUTE_VM_SIZE, else
#                          Standard_DS3_v2); the infra step checks the Azure ML vCPU quota of its
#                          family in the location first and says what to request when there is none
#   --what-if              preview the infrastructure changes and stop
#   --yes                  apply infrastructure changes without asking (CI)
#   --after-azd            the azd postdeploy hook: only the trainer, events and web steps, with
#                          the names taken from the azd environment
#   -h, --help             this text
#
# Environment: AZURE_SUBSCRIPTION_ID (else the az CLI's current subscription), AZURE_PRINCIPAL_ID
# (object ID that gets data access for uploads; else the signed-in user or service principal),
# TRAINER_JAR (default core/target/tabml-trainer.jar).
set -euo pipefail
cd "$(dirname "$0")/.."

ALL_STEPS="infra,build,functions,trainer,events,web"
SWA_CLI="@azure/static-web-apps-cli@2.0.10"
APP_STAGING="functions/target/azure-functions/tabml-functions"

die() { echo "error: $*" >&2; exit 1; }
scratch=()  # temporary folders, removed on exit
trap 'rm -rf "${scratch[@]}"' EXIT
step() { echo; echo "==> $*"; }
usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }

env_name="" location="" resource_group="" vm_size=${COMPUTE_VM_SIZE:-Standard_DS3_v2} steps="$ALL_STEPS" what_if=false assume_yes=false after_azd=false
while [ $# -gt 0 ]; do
  case "$1" in
    --resource-group) [ $# -ge 2 ] || die "--resource-group needs a name"; resource_group=$2; shift 2 ;;
    --only) [ $# -ge 2 ] || die "--only needs a list of steps ($ALL_STEPS)"; steps=$2; shift 2 ;;
    --vm-size) [ $# -ge 2 ] || die "--vm-size needs a VM size, e.g. Standard_DS3_v2"; vm_size=$2; shift 2 ;;
    --what-if) what_if=true; shift ;;
    --yes) assume_yes=true; shift ;;
    --after-azd) after_azd=true; steps="trainer,events,web"; shift ;;
    -h|--help) usage; exit 0 ;;
    -*) die "unknown option $1 (see scripts/deploy.sh --help)" ;;
    *) if [ -z "$env_name" ]; then env_name=$1; elif [ -z "$location" ]; then location=$1; else die "unexpected argument $1"; fi; shift ;;
  esac
done
for s in ${steps//,/ }; do
  case ",$ALL_STEPS," in *",$s,"*) ;; *) die "unknown step '$s' in --only; steps are $ALL_STEPS" ;; esac
done
has_step() { case ",$steps," in *",$1,"*) return 0 ;; *) return 1 ;; esac; }
$what_if && steps="infra"

if $after_azd; then
  # azd runs hooks with the environment's values (the Bicep outputs) exported
  command -v azd >/dev/null 2>&1 || die "--after-azd is for the azd postdeploy hook and needs azd"
  env_name=${AZURE_ENV_NAME:-$(azd env get-value AZURE_ENV_NAME)}
else
  if [ -z "$env_name" ] || [ -z "$location" ]; then usage >&2; die "give the environment name and the location, e.g. scripts/deploy.sh tabml-dev westeurope"; fi
  [[ "$env_name" =~ ^[a-z0-9][a-z0-9-]{0,62}$ ]] || die "environment name '$env_name': use 1-63 lowercase letters, digits and hyphens"
fi
resource_group=${resource_group:-${AZURE_RESOURCE_GROUP:-rg-$env_name}}
deployment="$env_name-main"

# ---- tools ---------------------------------------------------------------------------------
step "checking tools"
command -v az >/dev/null 2>&1 || die "the Azure CLI (az) is not installed: https://learn.microsoft.com/cli/azure/install-azure-cli"
az account show --only-show-errors -o none 2>/dev/null || die "the Azure CLI is not signed in: run 'az login' (and 'az account set --subscription <id>')"
if [ -n "${AZURE_SUBSCRIPTION_ID:-}" ]; then az account set --subscription "$AZURE_SUBSCRIPTION_ID"; fi
echo "subscription: $(az account show --query '[name, id]' -o tsv | paste -sd' ')"
if has_step infra || has_step events; then
  az bicep version >/dev/null 2>&1 || az bicep install \
    || die "Bicep is not available to the Azure CLI: run 'az bicep install' (or 'az bicep upgrade')"
fi
if has_step infra || has_step web; then
  command -v node >/dev/null 2>&1 || die "Node.js is not installed (the quota check and the web app's upload use it): https://nodejs.org"
fi
if has_step build; then
  command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is not installed: https://maven.apache.org/install.html"
fi
if has_step build || has_step functions; then
  # the build, and the jar tool that packages the function app: a JDK >= the project's java.version
  # (21) from JAVA_HOME or /usr/lib/jvm, or a message saying there is none
  source scripts/jdk.sh
  echo "JDK: $JAVA_HOME"
fi
if has_step events; then
  command -v curl >/dev/null 2>&1 || die "curl is needed to wake the function app before reading its keys"
fi
if has_step web; then
  command -v npx >/dev/null 2>&1 || die "Node.js with npx is needed to upload the static web app (the SWA CLI): https://nodejs.org"
fi

# ---- outputs of the infrastructure deployment -------------------------------------------------
output() {  # output NAME: a Bicep output of this environment's deployment of infra/bicep/main.bicep
  local value
  if $after_azd; then
    value=${!1:-}
    [ -n "$value" ] || value=$(azd env get-value "$1")
  else
    value=$(az deployment group show -g "$resource_group" -n "$deployment" --query "properties.outputs.$1.value" -o tsv 2>/dev/null) \
      || die "no deployment '$deployment' in resource group '$resource_group': run the infra step first (scripts/deploy.sh $env_name <location>)"
  fi
  [ -n "$value" ] || die "the deployment '$deployment' has no output $1: re-run the infra step"
  echo "$value"
}

retry() {  # retry ATTEMPTS SECONDS COMMAND...: role assignments and a cold app take a while to be usable
  local attempts=$1 pause=$2 i
  shift 2
  for ((i = 1; i <= attempts; i++)); do
    if "$@"; then return 0; fi
    [ "$i" -lt "$attempts" ] && { echo "  not yet (attempt $i/$attempts), retrying in ${pause}s..."; sleep "$pause"; }
  done
  return 1
}

# ---- infra ---------------------------------------------------------------------------------
if has_step infra; then
  step "resource providers"
  for ns in Microsoft.Web Microsoft.App Microsoft.Storage Microsoft.EventGrid Microsoft.Insights \
            Microsoft.OperationalInsights Microsoft.ManagedIdentity Microsoft.MachineLearningServices \
            Microsoft.KeyVault Microsoft.ContainerRegistry; do
    state=$(az provider show -n "$ns" --query registrationState -o tsv 2>/dev/null || echo unknown)
    if [ "$state" != "Registered" ]; then
      echo "registering $ns ($state)"
      az provider register -n "$ns" --wait -o none \
        || die "could not register the resource provider $ns: someone with subscription-level rights must run 'az provider register -n $ns'"
    fi
  done

  step "resource group $resource_group"
  if [ "$(az group exists -n "$resource_group")" = "true" ]; then
    echo "exists ($(az group show -n "$resource_group" --query location -o tsv))"
  else
    az group create -n "$resource_group" -l "$location" --tags "azd-env-name=$env_name" -o none
    echo "created in $location"
  fi

  principal_id=${AZURE_PRINCIPAL_ID:-}
  principal_type=${AZURE_PRINCIPAL_TYPE:-}
  if [ -z "$principal_id" ]; then
    if [ "$(az account show --query user.type -o tsv)" = "servicePrincipal" ]; then
      principal_type=ServicePrincipal
      principal_id=$(az ad sp show --id "$(az account show --query user.name -o tsv)" --query id -o tsv 2>/dev/null || true)
    else
      principal_type=User
      principal_id=$(az ad signed-in-user show --query id -o tsv 2>/dev/null || true)
    fi
    [ -n "$principal_id" ] || echo "warning: could not look up your object ID in Microsoft Entra ID; set AZURE_PRINCIPAL_ID to get data access for uploads (the trainer step needs it)" >&2
  fi
  principal_type=${principal_type:-User}
  params=(environmentName="$env_name" location="$location" principalId="$principal_id" principalType="$principal_type"
    computeVmSize="$vm_size")

  step "Azure ML compute quota for $vm_size in $location"
  # Azure ML compute has its own vCPU quota per VM family and region, often 0 on new subscriptions;
  # without it the cluster exists but no job ever gets a node.
  read -r family vcpus < <(az vm list-skus -l "$location" --size "$vm_size" --resource-type virtualMachines \
    --query "[?name=='$vm_size'] | [0].[family, capabilities[?name=='vCPUs'].value | [0]]" -o tsv 2>/dev/null || true) || true
  [ -n "$family" ] && [ -n "$vcpus" ] \
    || die "the VM size $vm_size is not offered in $location ('az vm list-skus -l $location --size $vm_size'): choose another with --vm-size"
  subscription=$(az account show --query id -o tsv)
  az rest --method get --url "https://management.azure.com/subscriptions/$subscription/providers/Microsoft.MachineLearningServices/locations/$location/usages?api-version=2024-10-01" \
    | node scripts/ml-quota.mjs "$family" "$vcpus" "$location" \
    || die "the Azure ML compute cluster could not start a node (see above); after the quota is granted, run this again"

  step "what-if: infra/bicep/main.bicep -> $resource_group"
  az deployment group what-if -g "$resource_group" -n "$deployment" -f infra/bicep/main.bicep -p "${params[@]}"
  if $what_if; then echo; echo "what-if only: nothing was changed"; exit 0; fi
  if ! $assume_yes; then
    if [ -t 0 ]; then
      read -r -p "Apply these changes? [y/N] " answer
      [[ "$answer" =~ ^[Yy] ]] || { echo "stopped: nothing was changed"; exit 1; }
    else
      die "not applying infrastructure changes without a terminal to confirm: pass --yes"
    fi
  fi

  step "deploying infra/bicep/main.bicep (a first deployment takes 10-20 minutes: the Azure ML workspace and cluster are the slow part)"
  az deployment group create -g "$resource_group" -n "$deployment" -f infra/bicep/main.bicep -p "${params[@]}" -o none
fi

# ---- build ---------------------------------------------------------------------------------
trainer_jar=${TRAINER_JAR:-core/target/tabml-trainer.jar}
if has_step build; then
  step "building (mvn -B -DskipTests package)"
  mvn -B -ntp -DskipTests package
fi

# ---- functions -----------------------------------------------------------------------------
if has_step functions; then
  [ -f "$APP_STAGING/host.json" ] || die "$APP_STAGING is missing: build first (scripts/deploy.sh --only build ...)"
  app=$(output AZURE_FUNCTION_APP_NAME)
  step "publishing the function app to $app (Flex Consumption one deploy)"
  work=$(mktemp -d)
  scratch+=("$work")
  cp -R "$APP_STAGING" "$work/app"
  rm -f "$work/app/local.settings.json"  # local only; app settings come from Bicep
  jar --create --no-manifest --file "$work/app.zip" -C "$work/app" .
  echo "package: $(du -h "$work/app.zip" | cut -f1)"
  az functionapp deployment source config-zip -g "$resource_group" -n "$app" --src "$work/app.zip" -o none
fi

# ---- trainer -------------------------------------------------------------------------------
if has_step trainer; then
  [ -f "$trainer_jar" ] || die "the trainer jar $trainer_jar is missing. It is the shaded jar of core (io.tabml.training.TrainerMain and its dependencies) that Azure ML jobs run: build it with 'mvn -B -DskipTests package' once core/pom.xml has the shade execution that writes core/target/tabml-trainer.jar (see docs/deploy.md), or set TRAINER_JAR=<path to it>"
  account=$(output AZURE_STORAGE_ACCOUNT_NAME)
  blob=$(output TRAINER_JAR_NAME)
  step "uploading $trainer_jar to $(output TRAINER_JAR_URI)"
  # --auth-mode login: the account has shared keys disabled; the deploying principal has
  # Storage Blob Data Contributor from rbac.bicep, which can take a few minutes to apply the first time
  retry 10 30 az storage blob upload --auth-mode login --account-name "$account" --container-name trainer \
    --name "$blob" --file "$trainer_jar" --overwrite --only-show-errors -o none \
    || die "could not upload the trainer jar: the signed-in principal needs 'Storage Blob Data Contributor' on $account (set AZURE_PRINCIPAL_ID to its object ID and re-run the infra step)"
fi

# ---- events --------------------------------------------------------------------------------
if has_step events; then
  app=$(output AZURE_FUNCTION_APP_NAME)
  topic=$(output AZURE_EVENTGRID_SYSTEM_TOPIC_NAME)
  step "Event Grid subscriptions: BlobCreated under datasets/ and batch/ -> $app (infra/bicep/app/blob-events.bicep)"
  # Event Grid checks that each destination function exists when a subscription is created; a
  # freshly published app can take a while to list its functions, so the deployment is retried.
  retry 5 30 az deployment group create -g "$resource_group" -n "$env_name-blob-events" -f infra/bicep/app/blob-events.bicep \
    -p functionAppName="$app" systemTopicName="$topic" -o none \
    || die "could not create the Event Grid subscriptions (see the deployment '$env_name-blob-events' in the portal for Event Grid's error; the functions ingestDataset and scoreBatch must be published: --only functions)"
fi

# ---- web -----------------------------------------------------------------------------------
if has_step web; then
  swa=$(output AZURE_STATIC_WEB_APP_NAME)
  api_host=$(output AZURE_FUNCTION_APP_HOSTNAME)
  step "uploading static-web/ to the static web app $swa (API at https://$api_host)"
  # The page calls the function app on its own origin (CORS allows the web app's origin, api.bicep):
  # a copy of static-web/ gets the API's URL in js/config.js and in the CSP's connect-src.
  site=$(mktemp -d)
  scratch+=("$site")
  cp -R static-web/. "$site/"
  node scripts/web-config.mjs "$site" "https://$api_host"
  token=$(az staticwebapp secrets list -n "$swa" -g "$resource_group" --query properties.apiKey -o tsv)
  [ -n "$token" ] || die "could not read the deployment token of $swa"
  if [ "${GITHUB_ACTIONS:-}" = "true" ]; then echo "::add-mask::$token"; fi
  SWA_CLI_DEPLOYMENT_TOKEN=$token npx --yes "$SWA_CLI" deploy "$site" --env production
fi

# ---- summary -------------------------------------------------------------------------------
if has_step infra || has_step web || has_step functions; then
  echo
  echo "Done: environment $env_name in resource group $resource_group"
  echo "  web app    https://$(output AZURE_STATIC_WEB_APP_HOSTNAME)/"
  echo "  API        https://$(output AZURE_FUNCTION_APP_HOSTNAME)/api/health"
  echo "  datasets   $(output DATASETS_CONTAINER_URL)/<model>/<file>.csv"
  echo "  upload     az storage blob upload --auth-mode login --account-name $(output AZURE_STORAGE_ACCOUNT_NAME) -c datasets -n <model>/<file>.csv -f <file>.csv"
fi
