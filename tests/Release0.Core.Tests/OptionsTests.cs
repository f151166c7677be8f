using Release0.Core.Connection;

namespace Release0.Core.Tests;

public sealed class OptionsTests
{
    [Fact]
    public void Defaults_are_valid_and_point_at_the_hosted_service()
    {
        var options = new Release0ConnectionOptions();

        options.Validate();

        Assert.Equal(new Uri("https://release0.com"), options.BaseUri);
        Assert.Equal(options.BaseUri, options.GetBaseUri(ApiSurface.Batch));
        Assert.StartsWith("Release0Automation/", options.UserAgent);
    }

    [Fact]
    public void Each_surface_can_have_its_own_base_uri()
    {
        var options = new Release0ConnectionOptions { ChatBaseUri = new Uri("https://chat.example.com"), AgentMessagesBaseUri = new Uri("https://agents.example.com") };

        Assert.Equal("chat.example.com", options.GetBaseUri(ApiSurface.Chat).Host);
        Assert.Equal("agents.example.com", options.GetBaseUri(ApiSurface.AgentMessages).Host);
        Assert.Equal("release0.com", options.GetBaseUri(ApiSurface.Batch).Host);
    }

    [Theory]
    [InlineData(nameof(Release0ConnectionOptions.AttemptTimeout), "AttemptTimeout must be at least 10 ms")]
    [InlineData(nameof(Release0ConnectionOptions.Deadline), "Deadline must be at least 10 ms")]
    [InlineData(nameof(Release0ConnectionOptions.MaxRetries), "MaxRetries must be between 0 and 10 (was -1)")]
    [InlineData(nameof(Release0ConnectionOptions.UserAgent), "UserAgent must not be empty")]
    [InlineData(nameof(Release0ConnectionOptions.ApiToken), "copy it again without spaces")]
    [InlineData(nameof(Release0ConnectionOptions.BaseUri), "must be an absolute http:// or https:// URI")]
    public void Each_bad_option_is_named_in_the_error(string setting, string expected)
    {
        var options = new Release0ConnectionOptions();
        switch (setting)
        {
            case nameof(options.AttemptTimeout): options.AttemptTimeout = TimeSpan.Zero; break;
            case nameof(options.Deadline): options.Deadline = TimeSpan.FromSeconds(-1); break;
            case nameof(options.MaxRetries): options.MaxRetries = -1; break;
            case nameof(options.UserAgent): options.UserAgent = " "; break;
            case nameof(options.ApiToken): options.ApiToken = "abc def"; break;
            case nameof(options.BaseUri): options.BaseUri = new Uri("ftp://release0.com"); break;
        }

        var error = Assert.Throws<Release0ConfigurationException>(options.Validate);

        Assert.Equal(setting, error.Setting);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Base_uri_typed_by_a_person_is_checked_with_its_source_named()
    {
        var error = Assert.Throws<Release0ConfigurationException>(() => Release0ConnectionOptions.ParseBaseUri("release0.com", "RELEASE0_BASE_URI"));

        Assert.Equal("RELEASE0_BASE_URI 'release0.com' is not an absolute http:// or https:// URI (for example https://release0.com).", error.Message);
    }

    [Fact]
    public void Token_and_base_uri_come_from_the_environment_when_set()
    {
        var env = new Dictionary<string, string> { ["RELEASE0_API_TOKEN"] = "  tok-123\n", ["RELEASE0_BASE_URI"] = "https://eu.release0.example" };

        var options = Release0ConnectionOptions.FromEnvironment(name => env.TryGetValue(name, out var value) ? value : null);

        Assert.Equal("tok-123", options.ApiToken);
        Assert.Equal("eu.release0.example", options.BaseUri.Host);
        Assert.Null(Release0ConnectionOptions.FromEnvironment(_ => "   ").ApiToken);
    }

    [Fact]
    public void The_maximum_rate_comes_from_RELEASE0_MAX_RATE_and_a_wrong_one_is_named_with_its_fix()
    {
        Assert.Equal(20, Release0ConnectionOptions.FromEnvironment(name => name == "RELEASE0_MAX_RATE" ? " 20 " : null).MaxRate);

        var unreadable = Assert.Throws<Release0ConfigurationException>(() => Release0ConnectionOptions.FromEnvironment(name => name == "RELEASE0_MAX_RATE" ? "fast" : null));
        Assert.Equal("RELEASE0_MAX_RATE 'fast' is not a number of calls per second (for example 20); leave it unset to learn the platform's limit.", unreadable.Message);

        var zero = Assert.Throws<Release0ConfigurationException>(() => new Release0ConnectionOptions { MaxRate = 0 }.Validate());
        Assert.Equal("MaxRate must be between 0.0167 (one call a minute) and 10000 calls per second (was 0); leave it unset to learn the platform's limit.", zero.Message);
    }
}
