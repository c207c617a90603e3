# One image per service, non-root and chiseled (no shell, no package manager):
#   docker build --target application --build-arg SERVICE=Application -t koordinering-application .
# (targets: application, eligibility, plan, consent, notification; SERVICE is the project's name).
# The entrypoint runs the service; with the argument "migrate" it applies its migrations and exits
# (the chart's migrate Job). No HEALTHCHECK: Kubernetes probes /health/live and /health/ready.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG SERVICE
WORKDIR /src
COPY . .
RUN test -n "$SERVICE" && dotnet publish services/Koordinering.${SERVICE}/Koordinering.${SERVICE}.csproj -c Release -o /app /p:UseAppHost=false

# Chiseled: the ASP.NET Core runtime and nothing else (no shell, no package manager); its user is
# "app" (1654), non-root. The -extra variant, because it carries tzdata: the services
# reckon the law's deadlines in Europe/Oslo (NorwegianTime), which without tzdata would silently
# fall back to UTC. (Its ICU goes unused: the services run with invariant globalization, ADR 9.)
FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled-extra AS runtime
ENV DOTNET_gcServer=0 DOTNET_EnableWriteXorExecute=0
WORKDIR /app
COPY --from=build /app .
USER 1654
EXPOSE 8080 8081

# Without a shell the entrypoint names its assembly: one stage per service.
FROM runtime AS application
ENTRYPOINT ["dotnet", "/app/Koordinering.Application.dll"]
FROM runtime AS eligibility
ENTRYPOINT ["dotnet", "/app/Koordinering.Eligibility.dll"]
FROM runtime AS plan
ENTRYPOINT ["dotnet", "/app/Koordinering.Plan.dll"]
FROM runtime AS consent
ENTRYPOINT ["dotnet", "/app/Koordinering.Consent.dll"]
FROM runtime AS notification
ENTRYPOINT ["dotnet", "/app/Koordinering.Notification.dll"]
