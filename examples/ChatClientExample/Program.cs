using ChatClientExample;

// Point it at a sandbox with the two exports `release0 sandbox` prints.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};
return await ExampleRun.RunAsync(Environment.GetEnvironmentVariable, Console.Out, Console.Error, cancel.Token);
