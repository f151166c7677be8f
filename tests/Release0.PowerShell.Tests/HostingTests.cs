using System.Runtime.Loader;
using Release0.Core.Http;
using Release0.PowerShell.Hosting;

namespace Release0.PowerShell.Tests;

public sealed class HostingTests
{
    [Fact]
    public void Writes_posted_from_worker_threads_run_on_the_calling_thread_in_order()
    {
        var pump = new PipelinePump();
        var caller = Environment.CurrentManagedThreadId;
        var seen = new List<(int Value, int Thread)>();

        var result = pump.Run(async () =>
        {
            for (var i = 0; i < 50; i++)
            {
                var value = i;
                pump.Post(() => seen.Add((value, Environment.CurrentManagedThreadId)));
                await Task.Yield();
            }

            return "done";
        });

        Assert.Equal("done", result);
        Assert.Equal(Enumerable.Range(0, 50), seen.Select(s => s.Value));
        Assert.All(seen, s => Assert.Equal(caller, s.Thread));
    }

    [Fact]
    public void A_failure_in_the_work_reaches_the_caller_after_earlier_writes()
    {
        var pump = new PipelinePump();
        var written = false;

        var error = Assert.Throws<InvalidOperationException>(() => pump.Run<int>(async () =>
        {
            pump.Post(() => written = true);
            await Task.Yield();
            throw new InvalidOperationException("boom");
        }));

        Assert.Equal("boom", error.Message);
        Assert.True(written);
    }

    [Fact]
    public void Posts_outside_a_run_execute_at_once()
    {
        var ran = false;

        new PipelinePump().Post(() => ran = true);

        Assert.True(ran);
    }

    [Fact]
    public void Posts_from_other_threads_between_runs_wait_for_the_next_flush_on_the_pipeline_thread()
    {
        var pump = new PipelinePump();
        var caller = Environment.CurrentManagedThreadId;
        var seen = new List<(string Value, int Thread)>();

        var worker = new Thread(() => pump.Post(() => seen.Add(("between", Environment.CurrentManagedThreadId))));
        worker.Start();
        worker.Join();
        Assert.Empty(seen);
        pump.Post(() => seen.Add(("on the pipeline thread", Environment.CurrentManagedThreadId)));
        pump.Flush();

        Assert.Equal([("between", caller), ("on the pipeline thread", caller)], seen);
    }

    [Fact]
    public async Task The_log_reaches_the_invocation_that_routed_it_and_no_other()
    {
        var log = new RoutingLog();
        var first = new Collecting();
        var second = new Collecting();

        using (RoutingLog.Route(first))
        {
            await Task.Run(() => log.Write(Release0LogLevel.Verbose, "one"));
            using (RoutingLog.Route(second))
            {
                log.Write(Release0LogLevel.Verbose, "two");
            }

            log.Write(Release0LogLevel.Verbose, "three");
        }

        log.Write(Release0LogLevel.Verbose, "nobody");
        Assert.Equal(["one", "three"], first.Lines);
        Assert.Equal(["two"], second.Lines);
        Assert.False(log.IsEnabled(Release0LogLevel.Verbose));
    }

    [Fact]
    public void On_modern_dotnet_dependencies_load_from_the_Core_folder_into_an_isolated_context()
    {
        var resolver = new DependencyResolver(Path.Combine(BuiltModule.ModuleFolder, "dependencies"));

        var core = resolver.Resolve(new System.Reflection.AssemblyName("Release0.Core"))!;

        Assert.True(resolver.IsIsolated);
        Assert.Equal(Path.Combine(BuiltModule.ModuleFolder, "dependencies", "Core"), resolver.Folder);
        Assert.Same(resolver.IsolatedContext, AssemblyLoadContext.GetLoadContext(core));
        Assert.NotSame(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(core));
        Assert.Equal(Path.Combine(resolver.Folder, "Release0.Core.dll"), core.Location);
        Assert.Same(core, resolver.Resolve(new System.Reflection.AssemblyName("Release0.Core")));
        Assert.Null(resolver.Resolve(new System.Reflection.AssemblyName("Not.Shipped")));

        // The isolated core works: its own dependencies resolve (Polly from the folder, the rest from the framework).
        var options = Activator.CreateInstance(core.GetType("Release0.Core.Connection.Release0ConnectionOptions")!)!;
        Assert.Contains("https://release0.com", options.ToString());
    }

    private sealed class Collecting : IRelease0Log
    {
        public List<string> Lines { get; } = [];

        public bool IsEnabled(Release0LogLevel level) => true;

        public void Write(Release0LogLevel level, string message) => Lines.Add(message);
    }
}
