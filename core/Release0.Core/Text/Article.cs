namespace Release0.Core.Text;

/// <summary>"a text input", "an email input": the indefinite article by the first letter, enough for the platform's type names.</summary>
public static class Article
{
    public static string For(string noun) =>
        (noun.Length > 0 && "aeiouAEIOU".IndexOf(noun[0]) >= 0 ? "an " : "a ") + noun;
}
