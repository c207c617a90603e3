namespace Koordinering.Domain;

public enum ServiceKind
{
    /// <summary>Helse- og omsorgstjeneste: home nursing, physiotherapy, BPA, respite care, GP, specialist health service...</summary>
    HealthAndCare = 1,

    /// <summary>Another welfare service: kindergarten, school, PPT, NAV, child welfare.</summary>
    Welfare = 2,
}
