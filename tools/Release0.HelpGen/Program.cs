using Release0.HelpGen;

// Usage: Release0.HelpGen <cmdlet dll> <help source folder> <output MAML file> <reference dll or folder>...
// The syntax, parameter attributes, inputs and outputs come from the DLL's metadata, so they cannot
// drift from the code; the synopsis, descriptions, examples and links come from help/<Verb-Noun>.md.
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: Release0.HelpGen <cmdlet dll> <help folder> <output xml> <reference dll or folder>...");
    return 2;
}

try
{
    var references = args.Skip(3).SelectMany(r => Directory.Exists(r) ? Directory.GetFiles(r, "*.dll") : [r]);
    var cmdlets = CmdletReader.Read(args[0], references);
    var help = cmdlets.Select(c => (Cmdlet: c, Source: HelpSource.Parse(Path.Combine(args[1], c.Name + ".md")))).ToList();
    var problems = help.SelectMany(h => h.Source.Check(h.Cmdlet)).ToList();
    if (problems.Count > 0)
    {
        problems.ForEach(p => Console.Error.WriteLine($"error: help: {p}"));
        return 1;
    }

    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(args[2]))!);
    MamlWriter.Write(help).Save(args[2]);
    return 0;
}
catch (Exception ex) when (ex is IOException or FormatException or BadImageFormatException)
{
    Console.Error.WriteLine($"error: help: {ex.Message}");
    return 1;
}
