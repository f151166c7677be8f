namespace Release0.Cli.Tests;

/// <summary>The executable itself, as the OS runs it (the native build too, when RELEASE0_CLI_EXECUTABLE names it).</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task Version_prints_one_line_and_exits_0()
    {
        using var cli = CliProcess.Start(null, null, "--version");
        var result = await cli.WaitForExitAsync();

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+\S*\n$", result.Output);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task Ctrl_C_stops_the_sandbox_with_exit_130()
    {
        using var cli = CliProcess.Start(null, null, "sandbox");
        await cli.WaitForLineAsync("Sandbox listening on http://127.0.0.1:");

        cli.Interrupt();
        var result = await cli.WaitForExitAsync();

        Assert.Equal(130, result.ExitCode);
    }
}
