using PollFree.Cli;

return App.Run(args, Console.Out, Console.Error, progress: !Console.IsErrorRedirected);
