using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EmissionEdge.Gateway.Firmware.Tests;

/// <summary>
/// Binds the ESP32 app's sources with Roslyn against the real gateway core (the .NET build of the same sources) and
/// the .NET runtime. The nanoFramework libraries are not available here, so their types stay unresolved; but every
/// constructor, method, property and interface of the core that the app uses must bind, with matching arguments.
/// </summary>
internal static class CoreUsageCheck
{
    /// <summary>Each use of a core member that does not bind, and each core interface member an app class fails to implement.</summary>
    public static List<string> Check(IEnumerable<(string Path, string Text)> sources)
    {
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, path: s.Path)).ToList();
        var coreAssembly = typeof(EmissionEdge.Gateway.Core.Configuration.GatewayConfig).Assembly.Location;
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => !string.Equals(Path.GetFileName(p), Path.GetFileName(coreAssembly), StringComparison.Ordinal))
            .Append(coreAssembly)
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create("app", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        var core = compilation.GetTypeByMetadataName("EmissionEdge.Gateway.Core.Configuration.GatewayConfig")!.ContainingAssembly;
        bool IsCore(ISymbol? symbol) => symbol is not null && SymbolEqualityComparer.Default.Equals(symbol.ContainingAssembly, core);

        var findings = new List<string>();
        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                if (node is not (InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax or MemberAccessExpressionSyntax))
                {
                    continue;
                }

                var info = model.GetSymbolInfo(node);
                if (info.Symbol is not null || HasUnresolvedArgument(node, model))
                {
                    continue; // bound, or an argument of a nanoFramework type that cannot be judged here
                }

                bool coreCandidate = info.CandidateSymbols.Any(IsCore);
                bool missingCoreMember = node is MemberAccessExpressionSyntax access && info.CandidateSymbols.IsEmpty &&
                    model.GetTypeInfo(access.Expression).Type is { TypeKind: not TypeKind.Error } type && IsCore(type);
                bool unboundCoreCreation = node is ObjectCreationExpressionSyntax creation && IsCore(model.GetTypeInfo(creation).Type);
                if (coreCandidate || missingCoreMember || unboundCoreCreation)
                {
                    findings.Add($"{Where(node)}: '{node}' does not bind to the core ({info.CandidateReason})");
                }
            }

            // Every member of every core interface an app class declares must be implemented.
            foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>())
            {
                var type = model.GetDeclaredSymbol(declaration)!;
                foreach (var port in type.AllInterfaces.Where(IsCore))
                {
                    foreach (var member in port.GetMembers().Where(m => m.IsAbstract && type.FindImplementationForInterfaceMember(m) is null))
                    {
                        findings.Add($"{Where(declaration)}: {type.Name} does not implement {port.Name}.{member.Name}");
                    }
                }
            }
        }

        return findings;
    }

    private static bool HasUnresolvedArgument(SyntaxNode node, SemanticModel model)
    {
        var arguments = node switch
        {
            InvocationExpressionSyntax invocation => invocation.ArgumentList.Arguments,
            BaseObjectCreationExpressionSyntax creation => creation.ArgumentList?.Arguments ?? default,
            _ => default,
        };
        return arguments.Any(a => model.GetTypeInfo(a.Expression).Type is null or { TypeKind: TypeKind.Error });
    }

    private static string Where(SyntaxNode node)
    {
        var span = node.GetLocation().GetLineSpan();
        return $"{span.Path}:{span.StartLinePosition.Line + 1}";
    }
}
