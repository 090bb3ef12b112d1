using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace EmissionEdge.Gateway.Core.Tests.SourceCheck;

/// <summary>
/// Finds constructs that compile against nanoFramework's mscorlib but crash or are rejected on the
/// device (architecture.md "nanoFramework subset"): generic delegates, the code's own generic types
/// and methods, multidimensional arrays, default interface methods, and relying on enum names
/// (Enum.Parse/TryParse/GetName/GetNames/IsDefined, enum ToString(), enums in string interpolation or
/// concatenation). The sources are bound against the device's mscorlib so types resolve as they
/// will on the device.
/// </summary>
internal static class NanoFrameworkSubsetCheck
{
    private static readonly HashSet<string> EnumNameMethods = ["Parse", "TryParse", "GetName", "GetNames", "IsDefined", "Format", "GetValues"];

    public static string MscorlibPath => Path.Combine(AppContext.BaseDirectory, "nanoFramework", "mscorlib.dll");

    public static IReadOnlyList<string> Check(IEnumerable<(string Path, string Text)> sources)
    {
        // The device's toolchain defines NANOFRAMEWORK_1_0: code for .NET alone (#if !NANOFRAMEWORK_1_0) is not checked.
        var parse = new CSharpParseOptions(LanguageVersion.CSharp12, preprocessorSymbols: ["NANOFRAMEWORK_1_0"]);
        var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, parse, s.Path)).ToList();
        var compilation = CSharpCompilation.Create("subset-check", trees, [MetadataReference.CreateFromFile(MscorlibPath)],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var findings = new List<string>();
        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                var problem = Inspect(node, model);
                if (problem != null)
                {
                    var line = node.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                    findings.Add($"{tree.FilePath}({line}): {problem}");
                }
            }
        }

        return findings.Distinct().ToList();
    }

    private static string? Inspect(SyntaxNode node, SemanticModel model)
    {
        switch (node)
        {
            case TypeDeclarationSyntax { TypeParameterList: not null } type:
                return $"generic type '{type.Identifier.Text}' (generic types of our own are not supported on nanoFramework)";
            case MethodDeclarationSyntax { TypeParameterList: not null } method:
                return $"generic method '{method.Identifier.Text}' (generic methods are not supported on nanoFramework)";
            case LocalFunctionStatementSyntax { TypeParameterList: not null } local:
                return $"generic local function '{local.Identifier.Text}'";
            case DelegateDeclarationSyntax { TypeParameterList: not null } del:
                return $"generic delegate declaration '{del.Identifier.Text}'";
            case ArrayRankSpecifierSyntax { Rank: > 1 }:
                return "multidimensional array (use jagged arrays or a flat array with computed index)";
            case MemberDeclarationSyntax member when member.Parent is InterfaceDeclarationSyntax && HasBody(member):
                return "default interface member (interfaces may only declare members on nanoFramework)";
            case InvocationExpressionSyntax invocation:
                return InspectInvocation(invocation, model);
            case InterpolationSyntax interpolation when IsEnum(model.GetTypeInfo(interpolation.Expression).Type):
                return "enum value in string interpolation (enum ToString() gives the number on nanoFramework)";
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression):
                var left = model.GetTypeInfo(binary.Left).Type;
                var right = model.GetTypeInfo(binary.Right).Type;
                if ((left?.SpecialType == SpecialType.System_String && IsEnum(right)) || (right?.SpecialType == SpecialType.System_String && IsEnum(left)))
                {
                    return "enum value concatenated to a string (enum ToString() gives the number on nanoFramework)";
                }

                return null;
            case TypeSyntax type when IsGenericDelegate(model.GetTypeInfo(type).Type):
                return $"generic delegate type '{model.GetTypeInfo(type).Type!.ToDisplayString()}' (declare a non-generic delegate)";
            case AnonymousFunctionExpressionSyntax lambda when IsGenericDelegate(model.GetTypeInfo(lambda).ConvertedType):
                return $"lambda converted to generic delegate '{model.GetTypeInfo(lambda).ConvertedType!.ToDisplayString()}'";
            default:
                return null;
        }
    }

    private static string? InspectInvocation(InvocationExpressionSyntax invocation, SemanticModel model)
    {
        // nanoFramework's mscorlib lacks most of these, so also match by name when the call does not bind.
        if (invocation.Expression is MemberAccessExpressionSyntax named && EnumNameMethods.Contains(named.Name.Identifier.Text) &&
            named.Expression.ToString() is "Enum" or "System.Enum")
        {
            return $"Enum.{named.Name.Identifier.Text} (enum names do not exist on nanoFramework)";
        }

        if (model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol method)
        {
            return null;
        }

        if (method.ContainingType?.SpecialType == SpecialType.System_Enum && EnumNameMethods.Contains(method.Name))
        {
            return $"Enum.{method.Name} (enum names do not exist on nanoFramework)";
        }

        if (method.Name == "ToString" && invocation.Expression is MemberAccessExpressionSyntax access && IsEnum(model.GetTypeInfo(access.Expression).Type))
        {
            return "enum ToString() (gives the number on nanoFramework; map values to text explicitly)";
        }

        return null;
    }

    private static bool HasBody(MemberDeclarationSyntax member) => member switch
    {
        MethodDeclarationSyntax m => m.Body != null || m.ExpressionBody != null,
        PropertyDeclarationSyntax p => p.ExpressionBody != null || (p.AccessorList?.Accessors.Any(a => a.Body != null || a.ExpressionBody != null) ?? false),
        IndexerDeclarationSyntax i => i.ExpressionBody != null || (i.AccessorList?.Accessors.Any(a => a.Body != null || a.ExpressionBody != null) ?? false),
        EventDeclarationSyntax e => e.AccessorList?.Accessors.Any(a => a.Body != null || a.ExpressionBody != null) ?? false,
        _ => false,
    };

    private static bool IsEnum(ITypeSymbol? type) => type?.TypeKind == TypeKind.Enum;

    private static bool IsGenericDelegate(ITypeSymbol? type) => type is INamedTypeSymbol { TypeKind: TypeKind.Delegate, IsGenericType: true };
}
