// The Static Web App (static-web/) on the Standard plan, with the function app linked as its
// backend ("bring your own functions", Standard plan only): requests to /api/* on the static web
// app are proxied to the same route on the function app, so the page and the API share one origin.

param location string
param tags object = {}
param name string
param functionAppName string
param functionAppLocation string

resource functionApp 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource staticWebApp 'Microsoft.Web/staticSites@2024-04-01' = {
  name: name
  location: location
  // azd deploys the 'web' service of azure.yaml to the resource with this tag
  tags: union(tags, { 'azd-service-name': 'web' })
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    // content is uploaded with a deployment token (azd / SWA CLI / the deploy workflow), not from a linked repository
    allowConfigFileUpdates: true
    stagingEnvironmentPolicy: 'Disabled'
  }
}

resource backend 'Microsoft.Web/staticSites/linkedBackends@2024-04-01' = {
  parent: staticWebApp
  name: 'api'
  properties: {
    backendResourceId: functionApp.id
    region: functionAppLocation
  }
}

// Linking sets up App Service authentication on the function app so that, while the app has no
// authentication policy of its own, "the static web app has exclusive access to the API"; the docs'
// remedy for keeping it reachable by other clients is to "change the security settings to allow
// unauthenticated access" (Bring your own functions to Azure Static Web Apps, Security constraints).
// This app must stay reachable directly: applications call /api/models/{model}/predict with a
// function key, and Event Grid delivers blob events to /runtime/webhooks/blobs. So the platform
// lets anonymous requests through, and the function keys (authLevel FUNCTION) keep doing the
// authorization. The Static Web Apps provider stays enabled so requests proxied by the static web
// app keep their client principal.
resource auth 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: functionApp
  name: 'authsettingsV2'
  dependsOn: [
    backend
  ]
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    identityProviders: {
      azureStaticWebApps: {
        enabled: true
        registration: {
          clientId: staticWebApp.properties.defaultHostname
        }
      }
    }
  }
}

output name string = staticWebApp.name
output defaultHostname string = staticWebApp.properties.defaultHostname
