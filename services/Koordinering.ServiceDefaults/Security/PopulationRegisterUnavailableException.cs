namespace Koordinering.ServiceDefaults.Security;

/// <summary>
/// The population register could not answer (after the resilience handler's retries): whatever depends on a
/// guardian relation is denied, never guessed. The gRPC answer is Unavailable. No identity number in the message.
/// </summary>
public sealed class PopulationRegisterUnavailableException(string reason, Exception? inner = null)
    : Exception($"The population register cannot be reached: {reason}.", inner);
