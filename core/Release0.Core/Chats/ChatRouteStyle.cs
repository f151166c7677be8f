namespace Release0.Core.Chats;

public enum ChatRouteStyle
{
    /// <summary><c>/start</c>, <c>/preview/start</c>, <c>/continue</c>.</summary>
    Current,

    /// <summary>The older <c>/startChat</c>, <c>/preview/startChat</c>, <c>/continueChat</c>.</summary>
    Legacy,
}
