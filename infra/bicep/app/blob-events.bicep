// The Event Grid subscription that feeds the blob trigger (ingestDataset, source = EventGrid):
// Microsoft.Storage.BlobCreated events under datasets/ go to the function app's blob extension
// webhook, https://<default host name>/runtime/webhooks/blobs?functionName=Host.Functions.<function>&code=<blobs_extension key>.
//
// Why this is a separate deployment, run after the code is published (scripts/deploy.sh, the
// azd postdeploy hook and the deploy workflow all do it): the endpoint needs the host's
// 'blobs_extension' system key, which the Functions host creates when it first runs a blob
// trigger that uses source EventGrid, and Event Grid validates a webhook endpoint when the
// subscription is created, which only a running app with the function loaded can answer. The
// Functions tutorial "Trigger Azure Functions on blob containers using an event subscription" and
// the Azure-Samples functions-quickstart-*-azd-eventgrid-blob templates create the subscription
// after deploying the code for the same reasons. The key is read here with listKeys, inside the
// deployment, so it never appears in a script, a log or a parameter.

param functionAppName string
param systemTopicName string
@description('The @FunctionName of the blob trigger (functions/.../DatasetBlobTrigger.java).')
param functionName string = 'ingestDataset'
@description('The container of the blob trigger path (datasets/{model}/{file}.csv).')
param containerName string = 'datasets'
param subscriptionName string = 'datasets-blob-created'

resource functionApp 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' existing = {
  name: systemTopicName
}

// The app's own default host name: newer apps can have a unique one (<name>-<hash>.<region>-01.azurewebsites.net).
var blobsExtensionKey = listKeys('${functionApp.id}/host/default', '2024-04-01').systemKeys.blobs_extension
var endpointUrl = 'https://${functionApp.properties.defaultHostName}/runtime/webhooks/blobs?functionName=Host.Functions.${functionName}&code=${blobsExtensionKey}'

resource blobCreated 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = {
  parent: systemTopic
  name: subscriptionName
  properties: {
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: endpointUrl
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${containerName}/'
      // only the trigger's path (datasets/{model}/{file}.csv); config.json uploads need no invocation
      subjectEndsWith: '.csv'
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

// Batch scoring (scoreBatch, functions/.../BatchScoringFunction.java) takes the BlobCreated events
// of batch/ through an Event Grid trigger rather than a blob trigger, so that the event names the
// blob and the function reads it as a stream (a blob trigger's byte[] or String holds it whole;
// docs/batch-scoring.md). Event Grid delivers to an Azure Function destination by its resource id,
// with no key; delivering one event at a time keeps one file per invocation.
@description('The @FunctionName of the Event Grid-triggered batch scoring (functions/.../BatchScoringFunction.java).')
param batchFunctionName string = 'scoreBatch'
@description('The container users drop batch files into (serving.BatchLayout.CONTAINER).')
param batchContainerName string = 'batch'

resource batchCreated 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = {
  parent: systemTopic
  name: 'batch-blob-created'
  properties: {
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: '${functionApp.id}/functions/${batchFunctionName}'
        maxEventsPerBatch: 1
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${batchContainerName}/'
      subjectEndsWith: '.csv'
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}

output subscriptionName string = blobCreated.name
output batchSubscriptionName string = batchCreated.name
