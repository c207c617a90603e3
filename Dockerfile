# One image per service: docker build --build-arg SERVICE=Application -t koordinering-application .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
ARG SERVICE
WORKDIR /src
COPY . .
RUN dotnet publish services/Koordinering.${SERVICE}/Koordinering.${SERVICE}.csproj -c Release -o /app /p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0
ARG SERVICE
ENV SERVICE_DLL=Koordinering.${SERVICE}.dll DOTNET_gcServer=0 DOTNET_EnableWriteXorExecute=0
WORKDIR /app
COPY --from=build /app .
USER 1654
EXPOSE 8080 8081
ENTRYPOINT ["sh", "-c", "exec dotnet \"$SERVICE_DLL\" \"$@\"", "--"]
