using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("EmissionEdge.Gateway")]
[assembly: AssemblyDescription("EmissionEdge ESP32 gateway application (.NET nanoFramework)")]
[assembly: AssemblyCompany("EmissionEdge")]
[assembly: AssemblyProduct("EmissionEdge")]
[assembly: AssemblyCopyright("EmissionEdge contributors")]
[assembly: ComVisible(false)]
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
