// The monitoring alert: a log search alert rule on Application Insights that fires when the
// monitoring timer (functions MonitoringTimer) logs that a model's status changed to drifting or
// degraded, and an action group that sends it by email. Deployed only when an email is given.
//
// Resource shapes from the ARM template reference:
// https://learn.microsoft.com/azure/templates/microsoft.insights/2021-08-01/scheduledqueryrules
// (kind LogAlert; criteria.allOf with query, timeAggregation, operator, threshold; evaluationFrequency,
// windowSize, scopes, severity, actions.actionGroups) and
// https://learn.microsoft.com/azure/templates/microsoft.insights/2022-04-01/actiongroups
// (groupShortName, enabled, emailReceivers with name, emailAddress, useCommonAlertSchema).

param location string
param tags object = {}
param applicationInsightsId string
@description('Who is emailed when a model starts drifting or degrades.')
param alertEmail string
param actionGroupName string
param alertRuleName string

// MonitoringTimer.STATUS_CHANGE; BicepFilesTest checks the two agree.
var statusChangePrefix = 'tabml-monitoring-status-changed'

resource actionGroup 'Microsoft.Insights/actionGroups@2022-04-01' = {
  name: actionGroupName
  location: 'global'
  tags: tags
  properties: {
    groupShortName: 'tabml'
    enabled: true
    emailReceivers: [
      {
        name: 'model-owner'
        emailAddress: alertEmail
        useCommonAlertSchema: true
      }
    ]
  }
}

resource statusAlert 'Microsoft.Insights/scheduledQueryRules@2021-08-01' = {
  name: alertRuleName
  location: location
  tags: tags
  kind: 'LogAlert'
  properties: {
    displayName: 'tabml: a model is drifting or degraded'
    description: 'The monitoring job judged a model\'s latest window drifting or degraded (GET /api/models/{model}/monitoring says why).'
    severity: 2
    enabled: true
    scopes: [
      applicationInsightsId
    ]
    evaluationFrequency: 'PT1H'
    windowSize: 'PT1H'
    criteria: {
      allOf: [
        {
          query: 'traces | where message startswith "${statusChangePrefix}" | where message has " to=drifting" or message has " to=degraded"'
          timeAggregation: 'Count'
          operator: 'GreaterThan'
          threshold: 0
          failingPeriods: {
            numberOfEvaluationPeriods: 1
            minFailingPeriodsToAlert: 1
          }
        }
      ]
    }
    autoMitigate: false
    actions: {
      actionGroups: [
        actionGroup.id
      ]
    }
  }
}
