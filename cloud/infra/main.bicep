// EmissionEdge cloud: IoT Hub (built-in endpoint consumer group for the ingest function), Event Hubs namespace with
// the `alerts` hub, Storage account (Table Storage store, Functions checkpoints), Application Insights and the
// Function app (Linux, .NET 10 isolated worker, consumption plan). Deploy:
//   az deployment group create -g <rg> -f cloud/infra/main.bicep -p namePrefix=<prefix>
targetScope = 'resourceGroup'

@description('Prefix of every resource name (lowercase letters and digits, 3 to 11 characters).')
@minLength(3)
@maxLength(11)
param namePrefix string

@description('Azure region.')
param location string = resourceGroup().location

@description('IoT Hub SKU (S1 for production; F1 for a trial).')
param iotHubSku string = 'S1'

@description('Partitions of the IoT Hub built-in endpoint (the ingest function scales per partition).')
@minValue(2)
@maxValue(32)
param iotHubPartitions int = 4

var ingestConsumerGroup = 'emissionedge-ingest'
var storageName = toLower('${namePrefix}store${uniqueString(resourceGroup().id)}')

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take(storageName, 24)
  location: location
  sku: { name: 'Standard_LRS' }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource iotHub 'Microsoft.Devices/IotHubs@2023-06-30' = {
  name: '${namePrefix}-iothub'
  location: location
  sku: { name: iotHubSku, capacity: 1 }
  properties: {
    eventHubEndpoints: {
      events: {
        retentionTimeInDays: 1
        partitionCount: iotHubPartitions
      }
    }
  }
}

resource ingestGroup 'Microsoft.Devices/IotHubs/eventHubEndpoints/ConsumerGroups@2023-06-30' = {
  name: '${iotHub.name}/events/${ingestConsumerGroup}'
  properties: { name: ingestConsumerGroup }
}

resource eventHubs 'Microsoft.EventHub/namespaces@2024-01-01' = {
  name: '${namePrefix}-events'
  location: location
  sku: { name: 'Standard', tier: 'Standard', capacity: 1 }
}

resource alertsHub 'Microsoft.EventHub/namespaces/eventhubs@2024-01-01' = {
  parent: eventHubs
  name: 'alerts'
  properties: { partitionCount: 4, messageRetentionInDays: 7 }
}

resource alertsSend 'Microsoft.EventHub/namespaces/eventhubs/authorizationRules@2024-01-01' = {
  parent: alertsHub
  name: 'emissionedge-send'
  properties: { rights: [ 'Send' ] }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${namePrefix}-insights'
  location: location
  kind: 'web'
  properties: { Application_Type: 'web' }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${namePrefix}-plan'
  location: location
  sku: { name: 'Y1', tier: 'Dynamic' }
  kind: 'functionapp'
  properties: { reserved: true }
}

var storageConnection = 'DefaultEndpointsProtocol=https;AccountName=${storage.name};EndpointSuffix=${environment().suffixes.storage};AccountKey=${storage.listKeys().keys[0].value}'
var iotHubOwner = filter(iotHub.listKeys().value, key => key.keyName == 'iothubowner')[0]
var iotHubEventsConnection = 'Endpoint=${iotHub.properties.eventHubEndpoints.events.endpoint};SharedAccessKeyName=iothubowner;SharedAccessKey=${iotHubOwner.primaryKey};EntityPath=${iotHub.properties.eventHubEndpoints.events.path}'

resource functionApp 'Microsoft.Web/sites@2023-12-01' = {
  name: '${namePrefix}-functions'
  location: location
  kind: 'functionapp,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'DOTNET-ISOLATED|10.0'
      minTlsVersion: '1.2'
      appSettings: [
        { name: 'FUNCTIONS_EXTENSION_VERSION', value: '~4' }
        { name: 'FUNCTIONS_WORKER_RUNTIME', value: 'dotnet-isolated' }
        { name: 'AzureWebJobsStorage', value: storageConnection }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: insights.properties.ConnectionString }
        { name: 'IotHubEventHubs', value: iotHubEventsConnection }
        { name: 'IotHubEventHubName', value: iotHub.properties.eventHubEndpoints.events.path }
        { name: 'IngestConsumerGroup', value: ingestConsumerGroup }
        { name: 'Storage__Kind', value: 'Tables' }
        { name: 'Storage__Tables__ConnectionString', value: storageConnection }
        { name: 'Storage__Tables__TablePrefix', value: 'ee' }
        { name: 'Alerts__EventHub__ConnectionString', value: alertsSend.listKeys().primaryConnectionString }
        { name: 'Alerts__EventHub__HubName', value: alertsHub.name }
        { name: 'Units__CatalogPath', value: '/home/site/wwwroot/units.json' }
      ]
    }
  }
  dependsOn: [ ingestGroup, tableService ]
}

output functionAppName string = functionApp.name
output iotHubName string = iotHub.name
output ingestConsumerGroup string = ingestConsumerGroup
output alertsHub string = '${eventHubs.name}/${alertsHub.name}'
