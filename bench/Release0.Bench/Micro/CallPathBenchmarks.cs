using BenchmarkDotNet.Attributes;
using Release0.Bench.Baselines;
using Release0.Core.Chats;
using Release0.Core.Connection;
using Release0.Core.Http;

namespace Release0.Bench.Micro;

/// <summary>
/// Client-side cost of one continue-chat call with the network taken out (an in-memory handler
/// answers the echo agent's turn), step by step: a raw HttpClient, the hand-written typed client,
/// the core's transport alone (pipeline, deadline, parse), the same without retries, and the whole
/// core call (plus the typed turn). The differences say where the core's extra time goes.
/// </summary>
[MemoryDiagnoser]
public class CallPathBenchmarks
{
    private const string Turn = """{"messages":[{"id":"echo-reply","type":"text","content":{"type":"richText","richText":[{"type":"p","children":[{"text":"You said: hello"}]}]}}],"input":{"id":"echo-input","type":"text input","options":{"labels":{"placeholder":"Say something...","button":"Send"}}}}""";
    private const string Body = """{"message":{"type":"text","text":"hello"},"textBubbleContentFormat":"richText"}""";
    private static readonly Uri BaseUri = new("http://127.0.0.1:1/");

    private RawClient _raw = null!;
    private TypedClient _typed = null!;
    private Release0Connection _core = null!;
    private Release0Connection _coreWithoutRetries = null!;
    private ChatClient _chats = null!;
    private ApiRequest _request = null!;
    private ChatReply _hello = null!;

    [GlobalSetup]
    public void Setup()
    {
        _raw = new RawClient(BaseUri, "token", new CannedResponseHandler(Turn));
        _typed = new TypedClient(BaseUri, "token", new CannedResponseHandler(Turn));
        _core = new Release0Connection(new Release0ConnectionOptions { BaseUri = BaseUri, ApiToken = "token" }, handler: new CannedResponseHandler(Turn));
        _coreWithoutRetries = new Release0Connection(new Release0ConnectionOptions { BaseUri = BaseUri, ApiToken = "token", MaxRetries = 0 }, handler: new CannedResponseHandler(Turn));
        _chats = new ChatClient(_core);
        _request = new ApiRequest("continue chat", ApiSurface.Chat, HttpMethod.Post, "api/v1/sessions/s1/continue", System.Text.Encoding.UTF8.GetBytes(Body), safeToRepeat: false);
        _hello = ChatReply.FromText("hello");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _raw.Dispose();
        _typed.Dispose();
        _core.Dispose();
        _coreWithoutRetries.Dispose();
    }

    [Benchmark(Baseline = true)]
    public Task RawBytes() => _raw.PostAsync("api/v1/sessions/s1/continue", Body);

    [Benchmark]
    public Task HandWrittenTyped() => _typed.ContinueAsync("s1", "hello");

    [Benchmark]
    public Task CoreTransport() => _core.Transport.SendJsonAsync(_request, CancellationToken.None);

    [Benchmark]
    public Task CoreTransportWithoutRetries() => _coreWithoutRetries.Transport.SendJsonAsync(_request, CancellationToken.None);

    [Benchmark]
    public Task CoreContinue() => _chats.ContinueAsync("s1", _hello);
}
