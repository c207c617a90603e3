using Koordinering.Notification.Api;
using Koordinering.Notification.Data;
using Koordinering.ServiceDefaults;
using Koordinering.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<NotificationDbContext>();

var app = builder.Build();
app.MapServiceDefaults();
app.MapGrpcService<NotificationApi>();

return await app.RunServiceAsync(args);
