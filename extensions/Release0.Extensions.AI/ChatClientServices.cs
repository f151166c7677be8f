namespace Release0.Extensions.AI;

/// <summary><c>IChatClient.GetService</c> for both clients: the first of their services of the asked type, none for a key.</summary>
internal static class ChatClientServices
{
    public static object? Find(Type serviceType, object? serviceKey, params object[] services)
    {
        if (serviceType is null)
        {
            throw new ArgumentNullException(nameof(serviceType));
        }

        return serviceKey is null ? services.FirstOrDefault(serviceType.IsInstanceOfType) : null;
    }
}
