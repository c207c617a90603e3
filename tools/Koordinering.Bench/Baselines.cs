using Koordinering.LoadKit;

namespace Koordinering.Bench;

/// <summary>
/// The baselines pgbench runs, and their data: a scratch database with the Application service's own tables (copied
/// with pg_dump) for the submit's transaction, 20 000 synthetic consents and one plan, all removed afterwards.
/// </summary>
internal static class Baselines
{
    public const string ScratchDatabase = "koordinering_bench";

    /// <summary>
    /// What a submit does in its database: looks for a retry of the same request, then in one transaction takes the
    /// person's advisory lock, looks for an open case, and inserts the application, its history row, its outbox event
    /// and the audit record. Against the Application service's own tables and indexes, in a scratch database.
    /// pgbench reads any ":name" as a variable, even inside a string, so the literals here have no colons; and the
    /// variable \gset fills must exist before the statements are prepared, hence "\set application_id 0".
    /// </summary>
    public const string SubmitScript = """
        \set person random(10000000000, 99999999999)
        \set application_id 0
        SELECT id FROM applications WHERE submitted_by = 'Employee-bench' AND client_request_id = md5(:client_id::text || clock_timestamp()::text);
        BEGIN;
        SELECT pg_advisory_xact_lock(hashtextextended('0301:' || :person::text, 0));
        SELECT id FROM applications WHERE municipality_number = '0301' AND person_identity_number = :person::text AND status IN ('Received', 'InAssessment') AND requested_rights && ARRAY['Coordinator'] LIMIT 1;
        INSERT INTO applications (id, municipality_number, received_at, person_identity_number, parent_identity_numbers, confirmed_parent_identity_numbers, applicant_relation, requested_rights, assess_all, services, expected_duration, wants_individual_plan, written_standard, submitted_by, client_request_id, interim_reply_due, status)
          VALUES (gen_random_uuid(), '0301', now(), :person::text, '{}', '{}', 'Person', '{Coordinator}', false, '[{"kind":"HealthAndCare","category":"home_nursing"},{"kind":"HealthAndCare","category":"physiotherapy"}]', 'LongTerm', false, 'Unspecified', 'Employee-bench', md5(random()::text), now() + interval '21 days', 'Received')
          RETURNING id AS application_id \gset
        INSERT INTO application_history (application_id, at, actor, action, to_status) VALUES (:application_id::uuid, now(), 'Employee-bench', 'submitted', 'Received');
        INSERT INTO outbox_messages (id, aggregate_id, municipality_number, topic, event_type, payload, created_at, next_attempt_at, attempts)
          VALUES (gen_random_uuid(), :application_id::uuid, '0301', 'application-submitted', 'ApplicationSubmitted', '{"municipalityNumber":"0301","rights":["Coordinator"],"services":["home_nursing","physiotherapy"]}', now(), now(), 0);
        INSERT INTO audit_records (at, actor_kind, actor_id, subject_identity_number, municipality_number, action, resource, purpose, allowed)
          VALUES (now(), 'Employee', 'bench', :person::text, '0301', 'SubmitApplication', 'application/new', 'Casework', true);
        COMMIT;
        """;

    public static async Task PrepareSubmitAsync(Postgres pg)
    {
        await DropScratchAsync(pg);
        await pg.QueryAsync("postgres", $"CREATE DATABASE {ScratchDatabase};");
        await pg.CopySchemaAsync("koordinering_application", ScratchDatabase, ["applications", "application_history", "outbox_messages", "audit_records"]);
    }

    public static Task DropScratchAsync(Postgres pg) => pg.QueryAsync("postgres", $"DROP DATABASE IF EXISTS {ScratchDatabase};");

    /// <summary>20 000 synthetic active consents for plans, the first one's subject the probe every call asks about.</summary>
    public static async Task<string> SeedConsentsAsync(Postgres pg, PersonNumbers people)
    {
        await pg.QueryAsync("koordinering_consent", "DELETE FROM consents WHERE given_by = 'bench';");
        var subjects = Enumerable.Range(0, 20_000).Select(_ => people.Next()).ToList();
        foreach (var chunk in subjects.Chunk(2_000))
        {
            await pg.QueryAsync("koordinering_consent", "INSERT INTO consents (id, municipality_number, subject_identity_number, givers, purposes, form, given_by, given_at, valid_from, status) VALUES "
                + string.Join(",\n", chunk.Select(s => $"(gen_random_uuid(), '0301', '{s}', '[]', '{{IndividualPlan,Coordination}}', 'Paper', 'bench', now(), now() - interval '1 day', 'Active')"))
                + " ON CONFLICT DO NOTHING;");
        }
        await pg.QueryAsync("koordinering_consent", "ANALYZE consents;");
        return subjects[0];
    }

    public static string ConsentScript(string probe) => $"""
        SELECT c.id FROM consents AS c
        WHERE c.subject_identity_number = '{probe}' AND c.status = 'Active' AND 'IndividualPlan' = ANY (c.purposes)
          AND c.valid_from <= now() AND (c.valid_to IS NULL OR c.valid_to > now())
        ORDER BY c.given_at LIMIT 1;
        """;

    /// <summary>One coordination in Oslo (0301) with an individual plan, which any caseworker of Oslo may read.</summary>
    public static async Task<string> SeedPlanAsync(Postgres pg, string person)
    {
        var coordination = Guid.NewGuid();
        var plan = Guid.NewGuid();
        await pg.QueryAsync("koordinering_plan", $$"""
            INSERT INTO coordinations (id, municipality_number, person_identity_number, status, opened_at, coordinator_granted, child_coordinator_granted, individual_plan_granted, plan_id)
              VALUES ('{{coordination}}', '0301', '{{person}}', 'AwaitingAppointment', now(), true, false, true, '{{plan}}');
            INSERT INTO plans (id, coordination_id, municipality_number, person_identity_number, kind, status, version, content, created_at, updated_at, updated_by)
              VALUES ('{{plan}}', '{{coordination}}', '0301', '{{person}}', 'IndividualPlan', 'Active', 1,
                '{"goals":[{"id":"g1","text":"Bo hjemme","statusNote":null}],"resources":null,"needs":null,"participants":[],"contributions":[],"measures":[],"periodStart":null,"periodEnd":null,"evaluationDates":[],"cooperationPartners":[]}',
                now(), now(), 'bench');
            """);
        return plan.ToString();
    }

    /// <summary>What GetPlan reads: the plan by its id, then its coordination with the appointments.</summary>
    public static string PlanScript(string planId) => $"""
        SELECT p.* FROM plans AS p WHERE p.id = '{planId}' LIMIT 1;
        SELECT c.*, a.* FROM coordinations AS c LEFT JOIN coordinator_appointments AS a ON a.coordination_id = c.id
        WHERE c.id = (SELECT coordination_id FROM plans WHERE id = '{planId}');
        """;

    public static async Task RemoveSeedsAsync(Postgres pg)
    {
        await pg.QueryAsync("koordinering_consent", "DELETE FROM consents WHERE given_by = 'bench';");
        await pg.QueryAsync("koordinering_plan", """
            DELETE FROM coordinations WHERE id IN (SELECT coordination_id FROM plans WHERE updated_by = 'bench');
            DELETE FROM plans WHERE updated_by = 'bench';
            """);
    }
}
