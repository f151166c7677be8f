using System.Collections.Concurrent;
using System.Xml.Linq;
using Azure.Core;
using Azure.Core.Pipeline;

namespace Release0.Functions.Tests;

/// <summary>What the queue service answered to each message sent: when it was put in, and when it becomes visible.</summary>
internal sealed class SendReceipts : HttpPipelinePolicy
{
    public ConcurrentQueue<(DateTimeOffset Inserted, DateTimeOffset NextVisible)> All { get; } = new();

    public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
    {
        await ProcessNextAsync(message, pipeline);
        if (message.Request.Method == RequestMethod.Post && message.Response.Status == 201)
        {
            var receipt = XDocument.Parse(message.Response.Content.ToString()).Descendants("QueueMessage").Single();
            All.Enqueue((DateTimeOffset.Parse(receipt.Element("InsertionTime")!.Value), DateTimeOffset.Parse(receipt.Element("TimeNextVisible")!.Value)));
        }
    }

    public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
        throw new NotSupportedException("The adapters call storage asynchronously.");
}
