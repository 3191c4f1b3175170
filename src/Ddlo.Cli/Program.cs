using Ddlo.Cli;

return DdloApp.Run(args);
