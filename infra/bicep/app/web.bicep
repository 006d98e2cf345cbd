// The Static Web App that serves static-web/. It has no linked backend: Static Web Apps documents
// linked function apps on the Consumption, Premium and Dedicated plans, not on Flex Consumption
// (docs/deploy.md), so the page calls the function app on its own origin, which allows this app's
// origin by CORS (api.bicep). scripts/deploy.sh writes the function app's URL into the uploaded
// copy of static-web/ (scripts/web-config.mjs).

param location string
param tags object = {}
param name string

@description('Free serves static content with the config file\'s routes and headers; Standard adds an SLA and features this app does not use (linked backends, custom authentication).')
@allowed(['Free', 'Standard'])
param sku string = 'Free'

resource staticWebApp 'Microsoft.Web/staticSites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: sku
    tier: sku
  }
  properties: {
    // content is uploaded with a deployment token (scripts/deploy.sh, also from the azd hook), not from a linked repository
    allowConfigFileUpdates: true
    stagingEnvironmentPolicy: 'Disabled'
  }
}

output name string = staticWebApp.name
output defaultHostname string = staticWebApp.properties.defaultHostname
