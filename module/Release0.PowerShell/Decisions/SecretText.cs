using System.Runtime.InteropServices;
using System.Security;

namespace Release0.PowerShell.Decisions;

/// <summary>Reads a SecureString at the last moment, freeing the unmanaged copy at once.</summary>
internal static class SecretText
{
    public static string? Read(SecureString? secret)
    {
        if (secret is null || secret.Length == 0)
        {
            return null;
        }

        var pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
        try
        {
            return Marshal.PtrToStringUni(pointer);
        }
        finally
        {
            Marshal.ZeroFreeGlobalAllocUnicode(pointer);
        }
    }

    public static SecureString ToSecure(string text)
    {
        var secure = new SecureString();
        foreach (var c in text)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }
}
