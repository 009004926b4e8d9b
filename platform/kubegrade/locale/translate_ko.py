"""Fills kubegrade/locale/ko/LC_MESSAGES/django.po from the table below.

Run after `manage.py makemessages -l ko`; then `manage.py compilemessages -l ko`.
Untranslated messages are listed so none is missed.
"""

import sys
from pathlib import Path

from ko_access import KO_ACCESS  # beside this script: the permission table's and the LMS launch's texts
from ko_limits import KO_LIMITS  # the workspace's limits, the reset form's rate, the course's time zone

KO = {
    "language": "언어", "Student": "학생", "TA": "조교", "Instructor": "교수자", "Lab": "실습", "Quiz": "퀴즈",
    "Best attempt": "최고 점수", "Latest attempt": "최근 제출", "New due date": "새 마감일", "Reason": "사유",
    "Score": "점수", "Override saved.": "점수 조정을 저장했습니다.", "Enter a score and a reason.": "점수와 사유를 입력하세요.",
    "Extension granted to %(user)s.": "%(user)s 학생에게 기한 연장을 부여했습니다.",
    "Regrading %(n)d submissions.": "제출물 %(n)d개를 재채점합니다.",
    "Queued": "대기 중", "Grading": "채점 중", "Done": "완료", "Failed": "실패", "Graded": "채점 완료",
    "English": "영어", "Korean": "한국어", "Not allowed": "권한 없음", "Not found": "찾을 수 없음",
    "There is nothing here, or you do not have access to it.": "페이지가 없거나 접근 권한이 없습니다.",
    "Sign in": "로그인", "Kubernetes labs, graded in seconds.": "쿠버네티스 실습, 몇 초 만에 채점합니다.",
    "Your username and password didn't match. Please try again.": "아이디 또는 비밀번호가 맞지 않습니다. 다시 시도하세요.",
    "Username": "아이디", "Password": "비밀번호", "My courses": "내 강좌", "Language": "언어", "Sign out": "로그아웃",
    "Due": "마감", "points": "점", "late: −%(p)s%% a day, up to %(d)s days": "지각: 하루 −%(p)s%%, 최대 %(d)s일",
    "Answer": "답안 제출", "Submit": "제출", "Or upload manifest files": "또는 매니페스트 파일 업로드",
    "At most %(n)s files, %(b)s bytes in total. An uploaded file replaces the editor of the same name.":
        "최대 %(n)s개 파일, 합계 %(b)s바이트. 업로드한 파일은 같은 이름의 편집기 내용을 대신합니다.",
    "Commands": "명령어", "Submit for grading": "채점 요청", "Your values": "내 변수 값",
    "Every student has their own values; use these.": "학생마다 값이 다릅니다. 이 값을 사용하세요.",
    # the result page's causes, the variant download, the workspace's submit dialog and key bar
    "Download my variant": "내 변형 내려받기",
    "No attempts left: your answers are kept as they were graded, and nothing more can be handed in.":
        "남은 제출 기회가 없습니다. 채점된 답안은 그대로 남고, 더 제출할 수 없습니다.",
    "Your files and seed (%(seed)s), so <code>python -m simulator grade … --seed %(seed)s</code> grades them as the "
    "server does.": "내 파일과 시드(%(seed)s)입니다. <code>python -m simulator grade … --seed %(seed)s</code> 로 "
                    "서버와 똑같이 채점할 수 있습니다.",
    "Use the live objects": "클러스터의 현재 객체 사용", "Size handed in": "제출 크기", "Terminal keys": "터미널 키",
    "The live cluster differs from %(names)s: the grader applies the file, not what you changed with kubectl. "
    "Use the live objects as the file?": "클러스터의 현재 상태가 %(names)s 와 다릅니다. 채점기는 kubectl 로 바꾼 "
                                         "내용이 아니라 파일을 적용합니다. 현재 객체를 파일로 쓸까요?",
    "Saved the live objects in %(names)s.": "현재 객체를 %(names)s 에 저장했습니다.",
    "Staff": "교직원", "Gradebook": "성적부", "Regrade all": "전체 재채점", "Extensions": "기한 연장",
    "Attempts": "제출 기록", "Week": "주차", "Assignment": "과제", "Kind": "유형", "Policy": "정책", "Best": "최고 점수",
    "Regrade": "재채점", "Signed in as %(name)s.": "%(name)s 님으로 로그인했습니다.", "Course": "강좌", "Title": "제목",
    "Role": "역할", "You are not enrolled in any course yet.": "아직 수강 중인 강좌가 없습니다.",
    "Upload too large": "업로드 용량 초과", "Go back": "돌아가기", "Granted by": "부여자", "None.": "없음.",
    "Grant an extension": "기한 연장 부여", "Grant": "부여", "Download CSV": "CSV 내려받기", "Total": "합계",
    "No students yet.": "아직 학생이 없습니다.", "Score distribution": "점수 분포",
    "Grades every submission again against the current spec": "모든 제출물을 현재 명세로 다시 채점합니다",
    "Old grades are kept.": "이전 점수는 보존됩니다.", "Regrade all submissions": "모든 제출물 재채점",
    "Batches": "재채점 작업", "%(done)s done, %(failed)s failed of %(total)s": "%(total)s개 중 %(done)s개 완료, %(failed)s개 실패",
    "finished": "완료", "No regrades yet.": "아직 재채점 기록이 없습니다.", "Submissions": "제출물", "Submitted": "제출",
    "Status": "상태", "No submissions.": "제출물이 없습니다.", "Overrides": "점수 조정", "Override": "조정",
    "Submission": "제출물", "Attempt %(n)s": "%(n)s번째 제출", "Grading… this page updates by itself.": "채점 중… 이 페이지는 자동으로 갱신됩니다.",
    "Not gradable:": "채점 불가:", "Ran": "실행", "Expected": "기대값", "Got": "실제값", "Feedback": "피드백", "Hint": "힌트",
    "Transcript": "실행 기록", "What was submitted": "제출한 내용", "Timeline": "처리 시각", "Started": "채점 시작",
    "Spec": "명세", "Question": "문제", "Tick every answer that applies.": "해당하는 답을 모두 고르세요.",
    "No scores yet:": "아직 점수 없음:", "New override": "새 점수 조정", "engine": "엔진", "not gradable": "채점 불가", "No attempts yet.": "아직 제출하지 않았습니다.",
    # attempt limits and answer reveal (kubegrade/submissions/feedback_policy.py)
    "After each attempt": "매 제출 후", "After the last attempt (or once the assignment closes)": "마지막 제출 후 (또는 과제 마감 후)",
    "After the due date and its late days": "마감일과 지각 허용 기간이 지난 뒤", "Never": "공개하지 않음",
    "You have used all %(n)d attempts at this assignment.": "이 과제의 시도 %(n)d번을 모두 사용했습니다.",
    "The expected answers are shown now, so this assignment takes no more attempts.":
        "이제 정답이 공개되었으므로 이 과제는 더 제출할 수 없습니다.",
    "The expected answers of this assignment are not shown to students.": "이 과제의 정답은 학생에게 공개되지 않습니다.",
    "The expected answers are shown after your last attempt, or from %(when)s.":
        "정답은 마지막 제출 후, 또는 %(when)s부터 공개됩니다.",
    "The expected answers are shown from %(when)s, when the due date and its late days are over.":
        "정답은 마감일과 지각 허용 기간이 끝나는 %(when)s부터 공개됩니다.",
    "%(n)s attempts per student": "학생당 %(n)s회 제출", "%(left)s of %(n)s attempts left": "제출 %(n)s회 중 %(left)s회 남음",
    # copy detection (kubegrade/templates/gradebook/similarity.html)
    "Similar submissions": "유사한 제출물", "Similar": "유사", "Another student's values": "다른 학생의 값",
    "after removing comments and whitespace and replacing each student's own values by the variable's name.":
        "주석과 공백을 지우고 학생마다 다른 값을 변수 이름으로 바꾼 뒤 비교합니다.",
    "Value": "값", "Belongs to": "값의 주인", "their submission": "그 학생의 제출물", "has not handed in": "제출하지 않음",
    "No submission carries a value that belongs to one other student.": "다른 한 학생의 값을 담은 제출물이 없습니다.",
    "Identical after normalising": "정규화 후 동일", "same as the reference solution": "모범 답안과 같음",
    "same as the starter": "시작 파일과 같음", "No two students handed in the same text.": "같은 내용을 제출한 학생이 없습니다.",
    "A group equal to the reference solution is expected on a short assignment and proves nothing by itself.":
        "짧은 과제에서는 모범 답안과 같은 제출물이 흔하며, 그것만으로는 베낀 증거가 되지 않습니다.",
    "Nearly identical": "거의 동일", "No nearly identical pairs.": "거의 동일한 쌍이 없습니다.",
    "%(percent)s%% similar": "%(percent)s%% 유사",
    "The %(shown)s most similar of %(total)s pairs are shown; the API lists them all.":
        "%(total)s쌍 중 가장 유사한 %(shown)s쌍만 보여 줍니다. API는 모두 제공합니다.",
    # The lab workspace page (lane 9F: workspaces/pages.py, templates/workspaces/, assignment and student pages)
    "Workspace": "실습 환경", "Workspaces": "실습 환경", "Open your workspace": "내 실습 환경 열기",
    "A terminal on your own cluster, with the setup applied, and an editor for your files.":
        "준비 작업이 적용된 나만의 클러스터에 연결된 터미널과 파일 편집기입니다.",
    "Your own cluster, with the assignment's setup applied. Files are saved before each command runs, so kubectl "
    "apply -f sees what the editor shows.":
        "과제 준비 작업이 적용된 나만의 클러스터입니다. 명령을 실행하기 전에 파일을 저장하므로 kubectl apply -f 는 "
        "편집기에 보이는 내용을 읽습니다.",
    "The workspace of %(name)s (%(username)s), read-only: what the student ran and the files as they are.":
        "%(name)s (%(username)s) 학생의 실습 환경입니다. 읽기 전용: 학생이 실행한 명령과 현재 파일을 보여 줍니다.",
    "Instructions": "안내", "Reset": "초기화", "Result of attempt %(n)s": "%(n)s번째 제출 결과",
    "Back to the assignment": "과제로 돌아가기", "Files": "파일", "New file": "새 파일", "Save": "저장",
    "Delete": "삭제", "Create": "만들기", "Cancel": "취소", "Terminal": "터미널", "Read-only": "읽기 전용",
    "Tab completes · ↑↓ history · Ctrl-C interrupts · Ctrl-L clears":
        "Tab 자동 완성 · ↑↓ 이전 명령 · Ctrl-C 중단 · Ctrl-L 화면 지우기",
    "The grader starts a fresh cluster from the setup, applies these files and runs the ticked lines as the "
    "simulator recorded them.":
        "채점기는 준비 작업부터 새 클러스터를 시작해 이 파일들을 적용하고, 체크한 명령을 시뮬레이터가 기록한 그대로 "
        "실행합니다.",
    "Command lines": "명령어", "Saved": "저장됨", "Unsaved changes": "저장하지 않은 변경 사항", "Saving…": "저장 중…",
    "File name, for example service.yaml": "파일 이름 (예: service.yaml)", "Delete %(name)s?": "%(name)s 을(를) 삭제할까요?",
    "Reset the workspace? The cluster starts again from the setup, the files from the starter, and the terminal "
    "history is cleared.":
        "실습 환경을 초기화할까요? 클러스터는 준비 작업부터, 파일은 시작 파일부터 다시 시작하고 터미널 기록은 지워집니다.",
    "editing %(path)s": "%(path)s 편집 중",
    "Save applies the object as kubectl edit does; Cancel leaves it unchanged.":
        "저장하면 kubectl edit 처럼 오브젝트에 적용하고, 취소하면 바꾸지 않습니다.",
    "Submitting…": "제출 중…", "Submitted: attempt %(attempt)s.": "제출했습니다: %(attempt)s번째 제출.",
    "See the result": "결과 보기", "Over the limit of %(limit)s bytes: untick some lines.":
        "제한 %(limit)s바이트를 넘었습니다. 일부 명령의 체크를 해제하세요.",
    "No command lines yet: only the files are handed in.": "아직 실행한 명령이 없어 파일만 제출됩니다.",
    "This assignment grades the files: the command lines are not handed in.":
        "이 과제는 파일을 채점합니다. 명령어는 제출되지 않습니다.",
    "Starting your cluster…": "클러스터를 시작하는 중…", "Error": "오류",
    "Read-only: this is what the student ran.": "읽기 전용: 학생이 실행한 명령입니다.",
    "(%(n)s earlier commands are not shown)": "(이전 명령 %(n)s개는 표시하지 않습니다)",
    "%(bytes)s of %(limit)s bytes": "%(bytes)s / %(limit)s 바이트", "%(n)s steps": "%(n)s단계",
    "Read-only: what the student ran in their terminal and their files.":
        "읽기 전용: 학생이 터미널에서 실행한 명령과 파일을 보여 줍니다.",
    # the grade that counts, due dates, submitting (lane 10S: courses/_grade.html, _due.html, results)
    "Your own due date": "나만의 마감일", "extension": "기한 연장", "Counted attempt": "반영되는 제출",
    "your latest graded attempt": "채점된 가장 최근 제출", "your best attempt, after late penalties": "지각 감점 후 가장 높은 제출",
    "Raw score": "원점수", "Late penalty": "지각 감점", "Set by staff": "교직원이 정한 점수", "set by staff": "교직원이 조정",
    "late −%(p)s": "지각 −%(p)s", "Your grade": "내 성적", "This is the attempt that counts.": "성적에 반영되는 제출입니다.",
    "Another attempt counts for your grade.": "성적에는 다른 제출이 반영됩니다.", "First error": "첫 번째 오류",
    "this line of your submission failed; the failing checks below may follow from it":
        "제출물의 이 줄이 실패했습니다. 아래에서 실패한 항목은 이 때문일 수 있습니다",
    "Explanation": "해설",
    "At most %(limit)d submissions a minute; try again in %(retry)d s.":
        "1분에 최대 %(limit)d번 제출할 수 있습니다. %(retry)d초 후에 다시 시도하세요.",
    "%(names)s is not a file this assignment reads; name your file as asked: %(expected)s.":
        "%(names)s 파일은 이 과제에서 읽지 않습니다. 요구한 이름으로 제출하세요: %(expected)s.",
    "Nothing to grade: add a file, a command or an answer.": "채점할 내용이 없습니다. 파일, 명령어 또는 답을 추가하세요.",
    # Course staff pages, gradebook, analytics and regrade timeline (lane 10T)
    "New course": "새 강좌", "Create": "만들기", "Code": "코드", "Letters, digits and dashes: k8s-2025-fall.":
        "영문자, 숫자, 대시: k8s-2025-fall.", "Course %(code)s created.": "%(code)s 강좌를 만들었습니다.",
    "Manage": "관리", "Manage the course": "강좌 관리", "Who has not submitted": "미제출자", "Analytics": "분석",
    "Times in %(TZ)s.": "시간대: %(TZ)s.", "Late policy": "지각 정책", "Which attempt counts": "반영할 제출",
    "Attempt limit": "제출 횟수 제한", "Answers shown": "정답 공개", "hidden": "숨김", "Edit": "수정",
    "−%(p)s%%/day, up to %(d)s days": "하루 −%(p)s%%, 최대 %(d)s일", "No assignments yet.": "아직 과제가 없습니다.",
    "Assignment from the bank": "문제 은행의 과제", "Add to the course": "강좌에 추가",
    "%(slug)s added: check its due date and policy.": "%(slug)s 과제를 추가했습니다. 마감일과 정책을 확인하세요.",
    "People": "구성원", "Name": "이름", "Role": "역할", "Enrol one person": "한 명 등록", "Enrol": "등록",
    "Enrol from a CSV file": "CSV 파일로 등록", "CSV file": "CSV 파일", "Upload": "올리기",
    "Columns: username,email,first_name,last_name,role (role: student, ta or instructor; empty means student). "
    "A new username needs an email; it is created without a password.":
        "열: username,email,first_name,last_name,role (role: student, ta, instructor; 비우면 student). "
        "새 아이디에는 이메일이 필요하며 비밀번호 없이 만들어집니다.",
    "Extensions from a CSV file": "CSV 파일로 기한 연장",
    "Columns: username,assignment,due_at,reason (assignment is the slug, e.g. week4/01-clusterip; due_at like "
    "2031-01-02 23:59 in the course's time zone).":
        "열: username,assignment,due_at,reason (assignment는 과제 슬러그, 예: week4/01-clusterip; due_at은 "
        "2031-01-02 23:59 형식, 강좌 시간대 기준).",
    "Nothing was imported. Fix these rows and upload the file again:": "아무것도 가져오지 않았습니다. 아래 줄을 고쳐 다시 올리세요:",
    "Imported: %(created)d new, %(updated)d updated.": "가져오기 완료: 새로 %(created)d건, 갱신 %(updated)d건.",
    "%(user)s enrolled as %(role)s.": "%(user)s 님을 %(role)s(으)로 등록했습니다.", "Saved.": "저장했습니다.",
    "Due": "마감", "Late penalty (% per day)": "지각 감점 (하루 %)", "Late days accepted": "지각 허용 일수",
    "Published": "공개", "Students": "학생", "Grant": "부여", "Save": "저장",
    "Grant an extension to several students": "여러 학생에게 기한 연장 부여",
    "Extension granted to %(n)d students.": "학생 %(n)d명에게 기한 연장을 부여했습니다.",
    "The file is not UTF-8 text.": "파일이 UTF-8 텍스트가 아닙니다.", "due": "마감",
    "Everyone has submitted.": "모두 제출했습니다.",
    "Canvas gradebook import layout: one effective score per assignment": "Canvas 성적부 가져오기 형식: 과제마다 최종 점수 하나",
    "CSV with raw score, late days, penalty and override": "원점수·지각 일수·감점·점수 조정이 담긴 CSV",
    "Show": "보기", "everyone": "전체", "missing work": "미제출", "late": "지각", "extension": "기한 연장",
    "override": "점수 조정", "any": "전체", "Sort": "정렬", "name": "이름", "total": "합계",
    "assignment score": "과제 점수", "descending": "내림차순", "Apply": "적용", "Sort by this score": "이 점수로 정렬",
    "No student matches.": "조건에 맞는 학생이 없습니다.",
    "Per assignment: the share of students whose latest graded attempt fails each check, the most common wrong "
    "outputs (addresses, generated names and ages normalised), and how many attempts students needed for full marks.":
        "과제별로 최근 채점된 제출에서 각 검사를 통과하지 못한 학생 비율, 가장 흔한 잘못된 출력(주소, 생성된 이름, "
        "경과 시간은 정규화), 만점까지 걸린 제출 횟수를 보여 줍니다.",
    "Students failing each check": "검사별 실패 학생 비율", "Attempts to full marks": "만점까지 제출 횟수",
    "Nobody has full marks yet.": "아직 만점을 받은 학생이 없습니다.", "Most common wrong outputs": "가장 흔한 잘못된 출력",
    "Check": "검사", "Output": "출력", "Tries": "횟수", "No graded attempts yet.": "아직 채점된 제출이 없습니다.",
    "Median: %(m)s attempts (%(n)s students with full marks)": "중앙값: %(m)s회 (만점 학생 %(n)s명)",
    "Regrade #%(n)s": "재채점 #%(n)s", "Assignments": "과제", "can create courses": "강좌 생성 가능",
    "Waiting to be sent": "전송 대기 중", "Sent": "전송 완료",
    "Too many sign-in attempts; try again in %(minutes)d min.": "로그인 시도가 너무 많습니다. %(minutes)d분 뒤에 다시 시도하세요.",
    "Active": "수강 중", "Left the course": "수강 취소",
    # staff services' refusals (kubegrade/courses/staff_services.py, grading/overrides.py, regrade.py, access.py)
    'A course with the code "%(code)s" already exists.': '코드가 "%(code)s"인 강좌가 이미 있습니다.',
    'No user "%(username)s". Create it with a CSV upload that gives its email.':
        '사용자 "%(username)s"이(가) 없습니다. 이메일이 들어 있는 CSV를 올려 만드세요.',
    'Unknown role "%(role)s": use one of %(roles)s.': '알 수 없는 역할 "%(role)s": %(roles)s 중 하나를 쓰세요.',
    "The file is larger than %(kb)s kB.": "파일이 %(kb)s kB보다 큽니다.",
    "Line 1: the header lacks %(missing)s (expected: %(columns)s).": "1번째 줄: 머리글에 %(missing)s이(가) 없습니다 (필요한 열: %(columns)s).",
    "Line %(line)s: %(error)s": "%(line)s번째 줄: %(error)s", "the username is empty.": "아이디가 비어 있습니다.",
    '"%(username)s" is listed twice.': '"%(username)s"이(가) 두 번 나옵니다.',
    'unknown role "%(role)s" (use %(roles)s).': '알 수 없는 역할 "%(role)s" (%(roles)s 중 하나를 쓰세요).',
    'no user "%(username)s": give an email to create it.': '사용자 "%(username)s"이(가) 없습니다. 만들려면 이메일을 적으세요.',
    "Not students of this course: %(names)s.": "이 강좌의 학생이 아닙니다: %(names)s.",
    '"%(username)s" is not a student of this course.': '"%(username)s"은(는) 이 강좌의 학생이 아닙니다.',
    'no assignment "%(slug)s" in this course.': '이 강좌에 과제 "%(slug)s"이(가) 없습니다.',
    'due_at "%(text)s" is not a date and time like 2031-01-02 23:59.':
        'due_at "%(text)s"은(는) 2031-01-02 23:59 형식의 날짜와 시각이 아닙니다.',
    "An override needs a reason.": "점수 조정에는 사유가 필요합니다.",
    "The score must be between 0 and %(points)s.": "점수는 0에서 %(points)s 사이여야 합니다.",
    "%(student)s is not a student of this course.": "%(student)s은(는) 이 강좌의 학생이 아닙니다.",
    "The assignment has no loaded spec to regrade against.": "이 과제에는 재채점에 쓸 명세가 아직 없습니다.",
    "Only the course's instructors and TAs can do this.": "강좌의 교수자와 조교만 할 수 있습니다.",
    "Only the course's instructors can do this.": "강좌의 교수자만 할 수 있습니다.",
    "Only users allowed to create courses can do this.": "강좌를 만들 권한이 있는 사용자만 할 수 있습니다.",
    "time zone": "시간대",
}
KO.update(KO_ACCESS)
KO.update(KO_LIMITS)
KO_PLURAL = {
    "%(n)s day late": "%(n)s일 지각", "due in %(n)s day": "마감까지 %(n)s일", "due in %(n)s hour": "마감까지 %(n)s시간",
    "−%(p)s (%(n)s day late)": "−%(p)s (%(n)s일 지각)",
    "The due date has passed: a submission now is %(n)s day late and scores 0 under the late policy.":
        "마감일이 지났습니다. 지금 제출하면 %(n)s일 지각이며 지각 정책에 따라 0점입니다.",
    "The due date has passed: a submission now is %(n)s day late and loses %(p)s%% (at most %(most)s of "
    "%(total)s points).": "마감일이 지났습니다. 지금 제출하면 %(n)s일 지각으로 %(p)s%% 감점됩니다"
                         "(%(total)s점 중 최대 %(most)s점).",
    "Submitted %(n)s day late: this attempt scores %(s)s after the late penalty.":
        "%(n)s일 늦게 제출했습니다. 이 제출은 지각 감점 후 %(s)s점입니다.",
    "%(n)s student": "학생 %(n)s명", "%(n)s score": "점수 %(n)s개", "%(d)s day late": "%(d)s일 지각", "%(n)s attempt": "%(n)s회 제출",
    "The latest submission of %(n)s student, compared": "학생 %(n)s명의 최근 제출물 비교:",
    "%(n)s shingle beyond the starter and solution": "시작 파일과 모범 답안 밖의 토큰 쌍 %(n)s개",
    "Normalised, %(n)s differing line": "정규화한 내용, 다른 줄 %(n)s개",
    "%(n)s student has not submitted:": "학생 %(n)s명이 제출하지 않았습니다:", "%(n)s student graded": "채점된 학생 %(n)s명",
}

# Running a course: policy ranges, invitations and password links, drafts, the course's time
# zone, overrides removed or private, roster search, the per-student timeline (issue 19), and
# the sign-in slowdown (issue 16).
KO.update({
    "The late penalty is a percentage per day from 0 to 100.": "지각 감점은 하루당 0에서 100 사이의 백분율입니다.",
    "The attempt limit is at least 1; leave it empty for unlimited.": "제출 횟수 제한은 1 이상입니다. 무제한이면 비워 두세요.",
    "The invitations could not be sent (%(error)s): check EMAIL_HOST and the other email settings (README, \"Email\").":
        "초대 메일을 보내지 못했습니다(%(error)s). EMAIL_HOST와 다른 메일 설정을 확인하세요(README, \"Email\").",
    "This account is getting many wrong passwords from elsewhere; try again in %(seconds)d s.":
        "이 계정에 다른 곳에서 틀린 비밀번호가 많이 입력되고 있습니다. %(seconds)d초 뒤에 다시 시도하세요.",
    "From 0 to 100.": "0에서 100까지.", "At least 1; empty for unlimited.": "1 이상. 비워 두면 무제한.",
    "Students see the assignment once it is published; a new one is a draft.":
        "게시해야 학생에게 보입니다. 새로 추가한 과제는 초안입니다.",
    "Attempt %(n)s handed in (now %(status)s).": "%(n)s번째 제출(현재 %(status)s).",
    "Attempt %(n)s graded: %(score)s.": "%(n)s번째 제출 채점: %(score)s.",
    "Attempt %(n)s regraded: %(score)s.": "%(n)s번째 제출 재채점: %(score)s.",
    "Not gradable: costs no attempt.": "채점 불가: 제출 횟수에 포함되지 않습니다.",
    "Workspace run %(run)s: %(n)s commands until %(last)s.": "작업 공간 %(run)s회차: %(last)s까지 명령 %(n)s개.",
    "Extension to %(due)s by %(by)s.": "%(by)s 님이 %(due)s까지 기한 연장.",
    "reason shown to the student": "학생에게 사유 공개", "reason private to staff": "사유는 교직원만 봄",
    "Override to %(score)s by %(by)s: %(reason)s (%(shown)s).": "%(by)s 님이 %(score)s(으)로 조정: %(reason)s (%(shown)s).",
    "Override to %(score)s removed by %(by)s: the computed score counts again.":
        "%(by)s 님이 %(score)s 조정을 취소했습니다. 계산된 점수가 다시 반영됩니다.",
    "LMS score %(score)s (version %(v)s): %(state)s, version %(sent)s acknowledged.":
        "LMS 점수 %(score)s(버전 %(v)s): %(state)s, 버전 %(sent)s까지 확인됨.",
    "%(slug)s added as a draft, hidden from students: check its due date and policy, then tick Published.":
        "%(slug)s을(를) 학생에게 보이지 않는 초안으로 추가했습니다. 마감일과 정책을 확인한 뒤 게시를 선택하세요.",
    "People without a password cannot sign in yet: send them an invitation (People, below).":
        "비밀번호가 없는 사람은 아직 로그인할 수 없습니다. 아래 구성원에서 초대 메일을 보내세요.",
    "Invitations sent: %(n)d.": "초대 메일 %(n)d통을 보냈습니다.",
    "No email, so no invitation: %(names)s. Add their email with a CSV upload.":
        "이메일이 없어 초대하지 못했습니다: %(names)s. CSV 업로드로 이메일을 추가하세요.",
    "Show the reason to the student": "학생에게 사유 보이기",
    "Override removed: %(slug)s counts its computed score again.": "조정을 취소했습니다. %(slug)s은(는) 계산된 점수가 다시 반영됩니다.",
    "No such override standing for this student.": "이 학생에게 유효한 해당 점수 조정이 없습니다.",
    "Hello %(name)s,\n\nYou are enrolled in %(course)s (%(code)s) on KubeGrade, where the course's Kubernetes labs "
    "are handed in and graded.": "%(name)s 님, 안녕하세요.\n\nKubeGrade의 %(course)s (%(code)s) 강좌에 등록되었습니다. "
                                 "이 강좌의 쿠버네티스 실습을 여기서 제출하고 채점받습니다.",
    "Set your password here (the link works once, for this many days:": "여기서 비밀번호를 설정하세요(링크는 한 번만, 다음 일수 동안 유효:",
    "Then sign in with your username %(username)s at": "그다음 아이디 %(username)s(으)로 로그인하세요:",
    "You are invited to %(course)s on KubeGrade": "KubeGrade %(course)s 강좌에 초대되었습니다",
    "Someone (we hope you) asked to set the password of the KubeGrade account %(name)s.":
        "누군가(아마 본인이) KubeGrade 계정 %(name)s의 비밀번호 설정을 요청했습니다.",
    "Set a new password here (the link works once):": "여기서 새 비밀번호를 설정하세요(링크는 한 번만 쓸 수 있습니다):",
    "If you did not ask, ignore this email: your password stays as it is.":
        "요청하지 않았다면 이 메일을 무시하세요. 비밀번호는 그대로입니다.",
    "Set your KubeGrade password": "KubeGrade 비밀번호 설정", "Forgot your password, or never set one?": "비밀번호를 잊었거나 설정한 적이 없나요?",
    "Password set": "비밀번호 설정 완료", "You can sign in with it now.": "이제 이 비밀번호로 로그인할 수 있습니다.",
    "Set your password": "비밀번호 설정", "For the account %(username)s.": "계정 %(username)s의 비밀번호입니다.",
    "New password": "새 비밀번호",
    "At least 8 characters, not only digits, not a common password and not like your name.":
        "8자 이상, 숫자만으로 이루어지지 않고, 흔한 비밀번호나 이름과 비슷하지 않게.",
    "The same again": "한 번 더", "Set the password": "비밀번호 설정", "This link was already used or has expired.":
        "이미 사용했거나 만료된 링크입니다.", "Ask for a new link": "새 링크 요청", "Check your email": "메일을 확인하세요",
    "If an account has that address, a link to set its password is on its way. It works once; ask again if it expired.":
        "그 주소의 계정이 있으면 비밀번호 설정 링크를 보냈습니다. 한 번만 쓸 수 있으며, 만료되면 다시 요청하세요.",
    "Back to sign in": "로그인으로 돌아가기",
    "Forgot your password, or enrolled by your instructor and never set one? Enter your email: a link to set it is "
    "sent to every account with that address.": "비밀번호를 잊었거나, 교수자가 등록해 주어 아직 설정하지 않았나요? "
                                                "이메일을 입력하면 그 주소의 모든 계정에 설정 링크를 보냅니다.",
    "Email": "이메일", "Send the link": "링크 보내기",
    "Times in %(TZ)s, the course's time zone.": "시간은 강좌의 시간대인 %(TZ)s 기준입니다.",
    "Not published: students do not see it, totals and the Canvas CSV leave it out.":
        "게시 전: 학생에게 보이지 않고, 합계와 Canvas CSV에서 빠집니다.",
    "draft": "초안", "unlimited": "무제한", "Find a person (username, name or email)": "사람 찾기(아이디, 이름 또는 이메일)",
    "Search": "검색", "show everyone": "모두 보기", "left": "떠남", "Nobody matches.": "일치하는 사람이 없습니다.",
    "Previous": "이전", "Page %(n)s of %(total)s": "%(total)s쪽 중 %(n)s쪽", "Next": "다음",
    "Email them an invitation to set a password": "비밀번호 설정 초대 메일 보내기",
    "Columns: username,email,first_name,last_name,role (role: student, ta or instructor; empty means student). A new "
    "username needs an email; it is created without a password, and an invitation by email lets them set one.":
        "열: username,email,first_name,last_name,role (role은 student, ta, instructor 중 하나이며 비우면 student). "
        "새 아이디에는 이메일이 필요합니다. 비밀번호 없이 만들어지며, 초대 메일로 비밀번호를 설정합니다.",
    "Work and overrides": "제출물과 점수 조정",
    "Everything that touched this student's grades, newest first: submissions and their grading, regrades, workspace "
    "runs, extensions, overrides and what was sent to the LMS.": "이 학생의 점수에 영향을 준 모든 일(최신순): 제출과 채점, "
                                                                  "재채점, 작업 공간 실행, 기한 연장, 점수 조정, LMS 전송.",
    "When": "시각", "What": "내용", "Nothing yet.": "아직 없습니다.",
    "Timeline: what happened to this student's grades": "타임라인: 이 학생의 점수에 일어난 일",
    "removed by %(by)s, %(when)s": "%(by)s 님이 취소, %(when)s", "Remove": "취소",
    "Grade timeline": "점수 타임라인",
})
KO.update({  # texts other pages added without their Korean (the catalogue must stay complete)
    "Commands came twice: in the commands box and as commands.sh. Hand them in one way.":
        "명령어가 두 번 들어왔습니다: 명령어 입력란과 commands.sh. 한 가지 방법으로만 제출하세요.",
    "Exit code": "종료 코드", "Cause": "원인",
    "[%(cut)s characters of output cut: the terminal keeps the last %(limit)s]":
        "[출력 %(cut)s자를 잘랐습니다: 터미널은 마지막 %(limit)s자만 보관합니다]",
    "Download my variant": "내 변형 내려받기",
    "Your files and seed (%(seed)s), so <code>python -m simulator grade … --seed %(seed)s</code> grades them as the "
    "server does.": "내 파일과 시드(%(seed)s). <code>python -m simulator grade … --seed %(seed)s</code>로 서버와 똑같이 "
                    "채점할 수 있습니다.",
    "Terminal keys": "터미널 키", "Use the live objects": "실제 객체 사용", "Size handed in": "제출한 크기",
    "The live cluster differs from %(names)s: the grader applies the file, not what you changed with kubectl. "
    "Use the live objects as the file?": "실제 클러스터가 %(names)s과(와) 다릅니다. 채점은 kubectl로 바꾼 내용이 아니라 "
                                         "파일을 적용합니다. 실제 객체를 파일로 사용할까요?",
    "Saved the live objects in %(names)s.": "실제 객체를 %(names)s에 저장했습니다.",
})
KO_PLURAL.update({
    "%(n)s failing check follows from it": "이 원인에서 실패한 검사 %(n)s개",
    "%(n)s person": "%(n)s명", "%(n)s person has no password yet and cannot sign in.":
        "%(n)s명이 아직 비밀번호가 없어 로그인할 수 없습니다.",
})


def _unquote(chunks: list[str]) -> str:
    return "".join(c[1:-1].encode().decode("unicode_escape").encode("latin-1").decode("utf-8") for c in chunks)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def fill(po: Path) -> list[str]:
    lines = po.read_text(encoding="utf-8").splitlines()
    out, missing, i = [], [], 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("msgid ") and line != 'msgid ""' or (line == 'msgid ""' and i + 1 < len(lines)
                                                                and lines[i + 1].startswith('"') and out):
            chunks = [line[6:]]
            i += 1
            while i < len(lines) and lines[i].startswith('"'):
                chunks.append(lines[i])
                i += 1
            msgid = _unquote(chunks)
            out.append("msgid " + _quote(msgid))
            plural = None
            if i < len(lines) and lines[i].startswith("msgid_plural "):
                plural = lines[i]
                out.append(plural)
                i += 1
                while i < len(lines) and lines[i].startswith('"'):  # a long plural wraps onto more lines
                    out.append(lines[i])
                    i += 1
            while i < len(lines) and (lines[i].startswith("msgstr") or lines[i].startswith('"')):
                i += 1
            if plural:
                text = KO_PLURAL.get(msgid)
                out.append("msgstr[0] " + _quote(text or ""))
            else:
                text = KO.get(msgid)
                out.append("msgstr " + _quote(text or ""))
            if text is None:
                missing.append(msgid)
            continue
        if line.startswith("#|"):  # msgmerge's previous msgid, obsolete once translated here
            i += 1
            continue
        if line.startswith("#,") and "fuzzy" in line:
            flags = [f.strip() for f in line[2:].split(",") if f.strip() != "fuzzy"]
            line = "#, " + ", ".join(flags) if flags else ""
            if not line:
                i += 1
                continue
        if line.startswith('"Plural-Forms:'):
            line = '"Plural-Forms: nplurals=1; plural=0;\\n"'
        out.append(line)
        i += 1
    po.write_text("\n".join(out) + "\n", encoding="utf-8")
    return missing


if __name__ == "__main__":
    missing = fill(Path(__file__).parent / "ko" / "LC_MESSAGES" / "django.po")
    for m in missing:
        print("untranslated:", m)
    sys.exit(1 if missing else 0)
