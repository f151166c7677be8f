using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Release0.Cli;

/// <summary>
/// Whole-number options parsed and range-checked by System.CommandLine itself, so that
/// <c>--retries abc</c>, <c>1.5</c> or <c>99999999999</c> is one parse error line (exit 2) naming
/// the option and the range, like every other usage error.
/// </summary>
internal static class WholeNumberOptions
{
    /// <param name="refusal">The error for a value typed as given (it may not be a number at all).</param>
    public static void Accept(Option<int?> option, int min, int max, Func<string, string> refusal) =>
        option.CustomParser = result => Parse(result, min, max, refusal);

    /// <inheritdoc cref="Accept(Option{int?}, int, int, Func{string, string})"/>
    public static void Accept(Option<int> option, int min, int max, Func<string, string> refusal) =>
        option.CustomParser = result => Parse(result, min, max, refusal) ?? default;

    private static int? Parse(ArgumentResult result, int min, int max, Func<string, string> refusal)
    {
        var typed = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (int.TryParse(typed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        result.AddError(refusal(typed));
        return null;
    }
}
