namespace Koordinering.Domain;

/// <summary>How long the need for services is expected to last; "long-term" is one of the criteria.</summary>
public enum ExpectedDuration
{
    Unknown = 0,
    ShortTerm = 1,
    LongTerm = 2,
}
