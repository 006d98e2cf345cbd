// Where the API lives. Empty: on the page's own origin (the local host serves both). In Azure the
// Static Web App and the function app are two origins, so the deployment writes this file with the
// function app's URL (scripts/web-config.mjs; docs/deploy.md says why).
export const API_BASE_URL = '';
