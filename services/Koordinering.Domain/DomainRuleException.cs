namespace Koordinering.Domain;

/// <summary>
/// A change the domain's rules refuse in the record's present state; the API answers
/// FailedPrecondition with the message, so it names states and rules, never a person.
/// </summary>
public abstract class DomainRuleException(string message) : Exception(message);

/// <summary>A change made on an old version of a record; the API answers Aborted with the current version.</summary>
public sealed class StaleVersionException(int current) : Exception($"The record has changed: its current version is {current}.")
{
    public int Current { get; } = current;
}
