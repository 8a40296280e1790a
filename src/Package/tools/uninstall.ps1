param($installPath, $toolsPath, $package, $project)
if ($project.Object.AnalyzerReferences -eq $null) { return }
$analyzersPath = Join-Path (Join-Path (Join-Path $installPath "analyzers") "dotnet") "cs"
foreach ($file in Get-ChildItem "$analyzersPath\*.dll") { try { $project.Object.AnalyzerReferences.Remove($file.FullName) } catch { } }
