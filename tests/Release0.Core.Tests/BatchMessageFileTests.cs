using Release0.Core.Batches;
using Release0.Core.Connection;

namespace Release0.Core.Tests;

public sealed class BatchMessageFileTests
{
    [Theory]
    [InlineData("""["one", "two"]""")]
    [InlineData("""[{"type":"","text":"one"}, {"text":"two"}]""")]
    [InlineData("\"one\"\n\n{\"type\":\"\",\"text\":\"two\"}\n")]
    [InlineData("\"one\"\r\n\"two\"\r\n")]
    public void Arrays_and_json_lines_of_strings_or_objects_are_read(string content)
    {
        var messages = BatchMessageFile.Parse(content, "msgs.json");

        Assert.Equal(["one", "two"], messages.Select(m => m.Text));
        Assert.All(messages, m => Assert.Equal(string.Empty, m.Type));
    }

    [Theory]
    [InlineData("", "msgs.jsonl: the file is empty")]
    [InlineData("\"one\"\n{\"text\": \"two\"\n\"three\"", "msgs.jsonl line 2: not valid JSON")]
    [InlineData("\"one\"\n42\n", "msgs.jsonl line 2: the message is the number 42; expected a string or an object with \"text\"")]
    [InlineData("{\"text\":123}\n", "msgs.jsonl line 1: the message: \"text\" is the number 123; it must be a string")]
    [InlineData("[{\"text\":\"hi\",\"kind\":\"x\"}]", "msgs.jsonl: item 1 has an unknown field \"kind\"")]
    [InlineData("\"one\"\n{\"type\":\"\"}\n", "msgs.jsonl line 2: the message has no text")]
    [InlineData("[\"one\", {\"text\": \"\"}]", "msgs.jsonl: item 2 has no text")]
    [InlineData("[\"one\",\n \"two\"", "msgs.jsonl line 2: not valid JSON")]
    public void Malformed_content_is_rejected_with_the_line_and_reason(string content, string expected)
    {
        var error = Assert.Throws<Release0ConfigurationException>(() => BatchMessageFile.Parse(content, "msgs.jsonl"));

        Assert.StartsWith(expected, error.Message);
    }
}
