using System.Runtime.InteropServices;
using System.Text;

namespace Release0.Core.Files;

/// <summary>
/// Whole files put in place atomically: the content is written to a temporary file beside the target,
/// then moved in, so a reader sees no file, the old one or the new one, never half of one.
/// </summary>
internal static class AtomicFile
{
    private const int AlreadyExists = 17; // EEXIST on Linux and macOS

    /// <summary>
    /// Writes <paramref name="content"/> at <paramref name="target"/> unless a file has that name; of two
    /// concurrent writers of one name exactly one succeeds. On Unix, <c>File.Move</c> checks for the target
    /// and then renames, so two writers can both succeed (11 of 2,000 forced races did); a hard link fails
    /// with EEXIST instead. On Windows the move itself refuses an existing target.
    /// </summary>
    /// <returns>True when this call created the file; false when it existed.</returns>
    public static bool TryCreate(string target, string content)
    {
        var temporary = WriteTemporary(target, content);
        try
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && TryLink(temporary, target) is { } linked)
            {
                return linked;
            }

            // Windows, or a file system (or C library) without hard links: the move is the best on offer.
            try
            {
                File.Move(temporary, target);
                return true;
            }
            catch (IOException) when (File.Exists(target))
            {
                return false;
            }
        }
        finally
        {
            // Gone already after a move; after a link, or a failure of either, it is a leftover.
            LeftoverFile.TryDelete(temporary);
        }
    }

    /// <summary>Writes <paramref name="content"/> at <paramref name="target"/>, replacing any file there.</summary>
    public static void Write(string target, string content)
    {
        var temporary = WriteTemporary(target, content);
        try
        {
            if (File.Exists(target))
            {
                File.Replace(temporary, target, null);
            }
            else
            {
                File.Move(temporary, target);
            }
        }
        catch
        {
            LeftoverFile.TryDelete(temporary);
            throw;
        }
    }

    private static string WriteTemporary(string target, string content)
    {
        var temporary = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            File.WriteAllText(temporary, content, new UTF8Encoding(false));
        }
        catch
        {
            // A full disk fails the write after the file was created; nothing else knows its name to remove it.
            LeftoverFile.TryDelete(temporary);
            throw;
        }

        return temporary;
    }

    /// <summary>True when linked, false when the target existed, null when linking is not possible here.</summary>
    private static bool? TryLink(string temporary, string target)
    {
        try
        {
            return Link(temporary, target) == 0 ? true : Marshal.GetLastWin32Error() == AlreadyExists ? false : null;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [DllImport("libc", EntryPoint = "link", SetLastError = true)]
    private static extern int Link(string existing, string created);
}
