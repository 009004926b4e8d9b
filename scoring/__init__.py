"""KubeGrade's scoring engine: the assignment bank loader and the grader.

Plain Python with no web framework: the platform, its workers and a student's own
terminal (`python -m simulator grade ...`) all grade through `scoring.engine`.
Modules: `bank` (specs, variants, questions), `spec_schema` (validation with file
and line), `spec_names` (which `{{ names }}` a place may use), `engine` (one grading),
`submission` (the limits, one rule for engine and platform), `checks` (the check
sources, what a check runs), `expectations` (the registry of `expect:` conditions),
`facts` (expected values computed from the student's cluster), `quiz`, `report`,
`messages` (every text the engine shows a student, in Korean and English).
"""
