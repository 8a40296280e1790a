param($installPath, $toolsPath, $package, $project)
# Analyzers in analyzers/dotnet/cs are picked up by PackageReference projects automatically; this script only
# exists for packages.config projects, which need the analyzer assemblies added by hand.
if ($project.Object.AnalyzerReferences -eq $null) { return }
$analyzersPath = Join-Path (Join-Path (Join-Path $installPath "analyzers") "dotnet") "cs"
foreach ($file in Get-ChildItem "$analyzersPath\*.dll") { $project.Object.AnalyzerReferences.Add($file.FullName) }
