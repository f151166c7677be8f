// The Release0 jobs app in one resource group: a Function App (.NET 10 isolated) on a Linux App Service
// plan, its storage account (the host's storage and the app's queues and containers), a user-assigned
// managed identity with only the data roles it needs, and a Key Vault holding the platform token.
// No key or connection string is written anywhere: storage is reached by the identity, the token by a
// Key Vault reference. Deploy with `az deployment group create` (README: Azure Functions app, Deploy).

@description('Region for every resource.')
param location string = resourceGroup().location

@description('Lowercase letters and digits that start every default name.')
@minLength(3)
@maxLength(11)
param baseName string = 'release0'

@description('Function App name (part of its host name, so unique across Azure).')
param functionAppName string = '${baseName}-jobs-${uniqueString(resourceGroup().id)}'

@description('Linux App Service plan name.')
param planName string = '${baseName}-plan'

@description('App Service plan size. A dedicated plan keeps the app on one package deployment with no file share, so no storage key is ever needed.')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'S2'
  'S3'
  'P0v3'
  'P1v3'
  'P2v3'
])
param planSku string = 'B1'

@description('Storage account name: 3 to 24 lowercase letters and digits, unique across Azure.')
@minLength(3)
@maxLength(24)
param storageAccountName string = take('${baseName}${uniqueString(resourceGroup().id)}', 24)

@description('User-assigned managed identity the app runs as.')
param identityName string = '${baseName}-jobs-identity'

@description('Key Vault name: 3 to 24 letters, digits and hyphens, unique across Azure.')
@minLength(3)
@maxLength(24)
param keyVaultName string = take('${baseName}-kv-${uniqueString(resourceGroup().id)}', 24)

@description('The platform token, stored as the Key Vault secret the app reads. Leave empty on later deployments to keep the stored one.')
@secure()
param apiToken string = ''

@description('The Release0 platform the jobs call (RELEASE0_BASE_URI).')
param platformBaseUri string = 'https://release0.com/'

@description('When the timer enqueues scheduled jobs: NCRONTAB, six fields with seconds first (RELEASE0_SCHEDULE).')
param schedule string = '0 */5 * * * *'

@description('What an ambiguous submit failure does: at-most-once ends the job, at-least-once retries it (RELEASE0_SUBMIT_POLICY).')
@allowed([
  'at-most-once'
  'at-least-once'
])
param submitPolicy string = 'at-most-once'

@description('How long a claim on a job holds, as hh:mm:ss; longer than the 10-minute function timeout (RELEASE0_CLAIM_LEASE).')
param claimLease string = '00:15:00'

@description('Calls per second each instance never exceeds, if the platform token\'s quota is known; empty (the default) learns the pace from the platform\'s 429 answers (RELEASE0_MAX_RATE).')
param maxRate string = ''

@description('The largest answer the app reads from the platform, in whole megabytes; a larger one fails its job with an error naming this setting (RELEASE0_MAX_RESPONSE_MB).')
param maxResponseMegabytes string = '16'

@description('Blob container for results, claims and rejected messages (RELEASE0_RESULTS_CONTAINER).')
param resultsContainerName string = 'release0-results'

@description('Blob container holding the scheduled job definitions (RELEASE0_DEFINITIONS_CONTAINER).')
param definitionsContainerName string = 'release0-job-definitions'

@description('Send traces and metrics to a new Application Insights resource.')
param enableApplicationInsights bool = true

// The queues the four functions trigger on (core/Release0.Core/Jobs/JobQueues.cs).
var queueNames = [
  'release0-batch-requests'
  'release0-batch-polls'
  'release0-agent-events'
]

var tokenSecretName = 'release0-api-token'

// Built-in role definition ids. The host keeps its keys and timer locks in blobs and creates its own
// containers there, for which Microsoft documents Storage Blob Data Owner; the triggers read and delete
// messages and the app sends them (and creates a missing poll queue): Storage Queue Data Contributor.
var storageBlobDataOwner = 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
var storageQueueDataContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: identityName
  location: location
}

resource storage 'Microsoft.Storage/storageAccounts@2025-06-01' = {
  name: storageAccountName
  location: location
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-06-01' = [
  for name in [resultsContainerName, definitionsContainerName]: {
    parent: blobService
    name: name
    properties: {
      publicAccess: 'None'
    }
  }
]

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2025-06-01' = {
  parent: storage
  name: 'default'
}

resource queues 'Microsoft.Storage/storageAccounts/queueServices/queues@2025-06-01' = [
  for name in queueNames: {
    parent: queueService
    name: name
  }
]

resource blobRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, identity.id, storageBlobDataOwner)
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataOwner)
  }
}

resource queueRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, identity.id, storageQueueDataContributor)
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageQueueDataContributor)
  }
}

resource vault 'Microsoft.KeyVault/vaults@2025-05-01' = {
  name: keyVaultName
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
  }
}

resource tokenSecret 'Microsoft.KeyVault/vaults/secrets@2025-05-01' = if (!empty(apiToken)) {
  parent: vault
  name: tokenSecretName
  properties: {
    value: apiToken
  }
}

resource secretsRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: guid(vault.id, identity.id, keyVaultSecretsUser)
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
  }
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2025-07-01' = if (enableApplicationInsights) {
  name: '${baseName}-logs'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource insights 'Microsoft.Insights/components@2020-02-02' = if (enableApplicationInsights) {
  name: '${baseName}-insights'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
  }
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  kind: 'linux'
  sku: {
    name: planSku
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2025-03-01' = {
  name: functionAppName
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      linuxFxVersion: 'DOTNET-ISOLATED|10.0'
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
    }
  }
}

// Every setting the app reads, checked at startup (README: Azure Functions app, Settings); the
// deployment tests check these names against the published app. The host reads its storage and the
// token as soon as the settings land, so the identity is granted first.
resource settings 'Microsoft.Web/sites/config@2025-03-01' = {
  parent: app
  name: 'appsettings'
  properties: {
    FUNCTIONS_EXTENSION_VERSION: '~4'
    FUNCTIONS_WORKER_RUNTIME: 'dotnet-isolated'
    WEBSITE_RUN_FROM_PACKAGE: '1'
    AzureWebJobsStorage__accountName: storage.name
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identity.properties.clientId
    RELEASE0_BASE_URI: platformBaseUri
    RELEASE0_API_TOKEN: '@Microsoft.KeyVault(SecretUri=${vault.properties.vaultUri}secrets/${tokenSecretName}/)'
    RELEASE0_SCHEDULE: schedule
    RELEASE0_SUBMIT_POLICY: submitPolicy
    RELEASE0_CLAIM_LEASE: claimLease
    RELEASE0_MAX_RESPONSE_MB: maxResponseMegabytes
    RELEASE0_MAX_RATE: maxRate
    RELEASE0_RESULTS_CONTAINER: resultsContainerName
    RELEASE0_DEFINITIONS_CONTAINER: definitionsContainerName
    // Empty turns the exporter off (see Program.cs).
    APPLICATIONINSIGHTS_CONNECTION_STRING: enableApplicationInsights ? insights!.properties.ConnectionString : ''
  }
  dependsOn: [
    blobRole
    queueRole
    secretsRole
    containers
    queues
  ]
}

output functionAppName string = app.name
output storageAccountName string = storage.name
output keyVaultName string = vault.name
output identityClientId string = identity.properties.clientId
