using Koordinering.Notification.Api;
using Koordinering.Notification.Data;
using Koordinering.Eventing;
using Koordinering.ServiceDefaults;
using Koordinering.ServiceDefaults.Data;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddServiceDatabase<NotificationDbContext>();
builder.AddEventing();

var app = builder.Build();
app.MapServiceDefaults();
app.MapEventing();
app.MapGrpcService<NotificationApi>();

return await app.RunServiceAsync(args);
