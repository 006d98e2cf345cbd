// The Event Grid subscriptions that feed the two Event Grid-triggered functions: BlobCreated events
// under datasets/ go to ingestDataset (functions/.../DatasetEventTrigger.java), under batch/ to
// scoreBatch (functions/.../BatchScoringFunction.java), .csv only. The functions take the event,
// which names the blob, and read the blob as a stream: a blob trigger bound to byte[] or String is
// handed the whole content (docs/large-files.md, docs/batch-scoring.md).
//
// Event Grid delivers to each function by its resource id (endpointType 'AzureFunction', no key in
// any URL). Why this is a separate deployment, run after the code is published (scripts/deploy.sh,
// the azd postdeploy hook and the deploy workflow all do it): Event Grid checks that the destination
// function exists when the subscription is created ("Destination endpoint not found ... Resource
// should pre-exist before attempting this operation", as reported in icenet-ai/icenet-etl#43), and
// the functions exist only once the app's code is published.

param functionAppName string
param systemTopicName string
@description('The @FunctionName of the dataset ingestion (functions/.../DatasetEventTrigger.java).')
param functionName string = 'ingestDataset'
@description('The container users drop datasets into (ingest.DatasetLayout.CONTAINER).')
param containerName string = 'datasets'
param subscriptionName string = 'datasets-blob-created'
@description('The @FunctionName of the batch scoring (functions/.../BatchScoringFunction.java).')
param batchFunctionName string = 'scoreBatch'
@description('The container users drop batch files into (serving.BatchLayout.CONTAINER).')
param batchContainerName string = 'batch'

resource functionApp 'Microsoft.Web/sites@2024-04-01' existing = {
  name: functionAppName
}

resource systemTopic 'Microsoft.EventGrid/systemTopics@2022-06-15' existing = {
  name: systemTopicName
}

var subscriptions = [
  {
    name: subscriptionName
    function: functionName
    container: containerName
  }
  {
    name: 'batch-blob-created'
    function: batchFunctionName
    container: batchContainerName
  }
]

// one event per delivery: one file per invocation
resource blobCreated 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2022-06-15' = [for s in subscriptions: {
  parent: systemTopic
  name: s.name
  properties: {
    destination: {
      endpointType: 'AzureFunction'
      properties: {
        resourceId: '${functionApp.id}/functions/${s.function}'
        maxEventsPerBatch: 1
      }
    }
    eventDeliverySchema: 'EventGridSchema'
    filter: {
      includedEventTypes: [
        'Microsoft.Storage.BlobCreated'
      ]
      subjectBeginsWith: '/blobServices/default/containers/${s.container}/'
      // only the files the function reads; a model's config.json needs no invocation
      subjectEndsWith: '.csv'
    }
    retryPolicy: {
      maxDeliveryAttempts: 30
      eventTimeToLiveInMinutes: 1440
    }
  }
}]

output subscriptionNames array = [for (s, i) in subscriptions: blobCreated[i].name]
