namespace Release0.Core.Files;

/// <summary>Files whose removal is tidying only: nothing depends on them being gone, so failing to remove one is no error.</summary>
internal static class LeftoverFile
{
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Left where it is; see the class summary.
        }
    }
}
