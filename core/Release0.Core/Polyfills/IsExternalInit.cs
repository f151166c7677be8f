#if NETSTANDARD2_0
namespace System.Runtime.CompilerServices;

// Lets netstandard2.0 use init accessors and records; the modern target has the real type.
internal static class IsExternalInit;
#endif
