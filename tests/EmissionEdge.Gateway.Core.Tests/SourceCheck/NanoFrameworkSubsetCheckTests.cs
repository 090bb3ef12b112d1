using EmissionEdge.Gateway.Core.Tests.Support;

namespace EmissionEdge.Gateway.Core.Tests.SourceCheck;

public sealed class NanoFrameworkSubsetCheckTests
{
    [Fact]
    public void The_gateway_core_sources_use_only_the_nanoframework_subset()
    {
        var folder = RepositoryFiles.PathOf("firmware/EmissionEdge.Gateway.Core");
        var sources = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(p => !p.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar) && !p.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar))
            .Select(p => (Path.GetRelativePath(RepositoryFiles.Root, p), File.ReadAllText(p)))
            .ToList();
        Assert.True(sources.Count > 30, "core sources not found");
        var findings = NanoFrameworkSubsetCheck.Check(sources);
        Assert.True(findings.Count == 0, string.Join("\n", findings));
    }

    private static string Single(string code)
    {
        var findings = NanoFrameworkSubsetCheck.Check([("snippet.cs", "namespace S {\n" + code + "\n}")]);
        Assert.Single(findings);
        return findings[0];
    }

    [Theory]
    [InlineData("class C { System.Action<int> a; }", "generic delegate type 'System.Action<int>'")]
    [InlineData("class C { void M() { System.Func<int, int> f = null; } }", "generic delegate type 'System.Func<int, int>'")]
    [InlineData("class C { event System.EventHandler<System.EventArgs> E; }", "generic delegate type 'System.EventHandler<System.EventArgs>'")]
    [InlineData("class Box<T> { }", "generic type 'Box'")]
    [InlineData("class C { void M<T>() { } }", "generic method 'M'")]
    [InlineData("delegate void D<T>(T x);", "generic delegate declaration 'D'")]
    [InlineData("class C { int[,] grid = new int[2, 3]; }", "multidimensional array")]
    [InlineData("interface I { int M() { return 1; } }", "default interface member")]
    [InlineData("enum E { A } class C { object M() { return System.Enum.Parse(typeof(E), \"A\"); } }", "Enum.Parse")]
    [InlineData("enum E { A } class C { string M(E e) { return e.ToString(); } }", "enum ToString()")]
    [InlineData("enum E { A } class C { string M(E e) { return $\"{e}\"; } }", "enum value in string interpolation")]
    [InlineData("enum E { A } class C { string M(E e) { return \"x\" + e; } }", "enum value concatenated")]
    public void Each_forbidden_construct_is_caught(string code, string expected)
    {
        Assert.Contains(expected, Single(code));
    }

    [Fact]
    public void Allowed_constructs_pass()
    {
        var findings = NanoFrameworkSubsetCheck.Check([("ok.cs", """
            namespace S
            {
                public delegate void Handler(ushort id);
                public interface I { void M(); }
                public enum E { A = 1 }
                public sealed class C : I
                {
                    private readonly int[][] _jagged = new int[2][];
                    public event Handler? Done;
                    public void M() { Done?.Invoke(1); }
                    public int N(E e) { return (int)e + _jagged.Length; }
                    public string S(int i) { return "n=" + i.ToString(); }
                }
            }
            """)]);
        Assert.Empty(findings);
    }
}

public sealed class NanoFrameworkMscorlibTests
{
    [Theory]
    [InlineData("class C { double M(double x) { return System.Math.Abs(x); } }")]
    [InlineData("class C { object M() { return new System.Text.StringBuilder(); } }")]
    [InlineData("class C { object M() { return new System.Collections.Generic.List<int>(); } }")]
    [InlineData("class C { decimal M() { return 1m; } }")]
    [InlineData("class C { int? M() { return null; } }")]
    [InlineData("class C { byte[] M() { return System.Text.Encoding.UTF8.GetBytes(\"x\"); } }")]
    public void What_the_device_lacks_does_not_compile_against_its_mscorlib(string code)
    {
        var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create("probe",
            [Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(code)],
            [Microsoft.CodeAnalysis.MetadataReference.CreateFromFile(NanoFrameworkSubsetCheck.MscorlibPath)],
            new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary));
        Assert.Contains(compilation.GetDiagnostics(), d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error);
    }
}
