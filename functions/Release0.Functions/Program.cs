using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Release0.Core.Connection;
using Release0.Functions.Hosting;

FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);
try
{
    builder.Services.AddRelease0Jobs(builder.Configuration);
}
catch (Release0ConfigurationException ex)
{
    // One line in the log stream, and no half-configured worker.
    Console.Error.WriteLine($"Release0 Functions app cannot start: {ex.Message}");
    return 1;
}

builder.Build().Run();
return 0;
