"""Korean for the permission table's refusals, LMS course links and LTI launch
refusals (issue 16); `translate_ko.py` merges it into its table."""

KO_ACCESS = {
    "Only the course's instructors can override grades (unless the course lets its TAs do it).":
        "점수 조정은 강좌의 교수자만 할 수 있습니다(강좌가 조교에게 허용한 경우는 예외).",
    "Only the course's instructors can regrade a whole assignment.": "과제 전체 재채점은 강좌의 교수자만 할 수 있습니다.",
    "Only the course's instructors can sync the roster from the LMS.": "LMS 명단 동기화는 강좌의 교수자만 할 수 있습니다.",
    "Only the course's instructors can send grades to the LMS again.": "LMS로 점수 재전송은 강좌의 교수자만 할 수 있습니다.",
    'Codes starting with "%(prefix)s" are kept for courses made from an LMS.':
        '"%(prefix)s"로 시작하는 코드는 LMS에서 만든 강좌용으로 예약되어 있습니다.',
    "TAs may override grades": "조교의 점수 조정 허용",
    "On: the course's TAs override grades too. Regrade-all, roster sync and passback resends stay the instructors'.":
        "켜면 강좌의 조교도 점수를 조정할 수 있습니다. 전체 재채점, 명단 동기화, 점수 재전송은 교수자만 할 수 있습니다.",
    "Your browser blocks KubeGrade's cookies inside the LMS page.": "브라우저가 LMS 페이지 안에서 KubeGrade의 쿠키를 막고 있습니다.",
    "Open KubeGrade in a new window": "새 창에서 KubeGrade 열기", "Loading…": "불러오는 중…",
    "The LMS gave you no role in this course that KubeGrade uses (Learner, Instructor or its TeachingAssistant "
    "sub-role): ask the LMS course's instructor to enrol you.":
        "LMS가 이 강좌에서 KubeGrade가 쓰는 역할(Learner, Instructor 또는 그 하위 역할 TeachingAssistant)을 주지 "
        "않았습니다. LMS 강좌의 교수자에게 등록을 요청하세요.",
    "The LMS sent no course with this launch: open KubeGrade from inside an LMS course.":
        "이 실행에는 LMS 강좌 정보가 없습니다. LMS 강좌 안에서 KubeGrade를 여세요.",
    "This LMS course is not linked to a KubeGrade course yet: its instructor opens KubeGrade from the LMS once to set "
    "it up. Try again after that.":
        "이 LMS 강좌는 아직 KubeGrade 강좌와 연결되지 않았습니다. 교수자가 LMS에서 KubeGrade를 한 번 열어 설정한 뒤 "
        "다시 시도하세요.",
    "The assignment %(slug)s is not part of %(course)s: ask the instructor to add it, or to fix the LMS link.":
        "과제 %(slug)s은(는) %(course)s에 없습니다. 교수자에게 과제 추가나 LMS 링크 수정을 요청하세요.",
    'Your browser did not send KubeGrade\'s cookie back inside the LMS page (it blocks third-party cookies). Open the '
    'assignment again from the LMS and choose "Open KubeGrade in a new window" when it is offered, or allow cookies '
    'for this site.':
        '브라우저가 LMS 페이지 안에서 KubeGrade의 쿠키를 보내지 않았습니다(제3자 쿠키 차단). LMS에서 과제를 다시 열고 '
        '"새 창에서 KubeGrade 열기"가 나오면 누르거나, 이 사이트의 쿠키를 허용하세요.',
    "The LMS's launch could not be verified. Open the assignment again from the LMS; if this keeps happening, give "
    "the details below to whoever runs the LMS.":
        "LMS의 실행 요청을 확인할 수 없습니다. LMS에서 과제를 다시 여세요. 계속 실패하면 아래 세부 정보를 LMS 관리자에게 "
        "전달하세요.",
    "This page belongs to an LMS launch that is over: open KubeGrade again from the LMS course.":
        "이미 끝난 LMS 실행의 페이지입니다. LMS 강좌에서 KubeGrade를 다시 여세요.",
    "Only an instructor can add KubeGrade assignments to the LMS course.": "LMS 강좌에 KubeGrade 과제를 추가하는 것은 교수자만 할 수 있습니다.",
    "No LMS launch is waiting to be linked to a course in this session: open KubeGrade from the LMS course.":
        "이 세션에는 강좌 연결을 기다리는 LMS 실행이 없습니다. LMS 강좌에서 KubeGrade를 여세요.",
    "This LMS course is linked to %(code)s.": "이 LMS 강좌를 %(code)s에 연결했습니다.",
    "No deep linking request is open in this session: add KubeGrade again from the LMS course.":
        "이 세션에는 열린 딥 링크 요청이 없습니다. LMS 강좌에서 KubeGrade를 다시 추가하세요.",
    "Settings": "설정", "Set up this LMS course": "이 LMS 강좌 설정", "Set up this LMS course in KubeGrade": "이 LMS 강좌를 KubeGrade에 설정",
    'The LMS course "%(title)s" (%(label)s) is not linked to a KubeGrade course yet. Its students and grades will go '
    'to the course you choose.':
        'LMS 강좌 "%(title)s"(%(label)s)은(는) 아직 KubeGrade 강좌와 연결되지 않았습니다. 학생과 점수는 선택한 강좌로 갑니다.',
    "A new course": "새 강좌", "Create a new KubeGrade course for it": "이 강좌를 위한 새 KubeGrade 강좌 만들기",
    "A course you already teach": "이미 가르치는 강좌",
    "Its roster, assignments, policies and extensions stay; the LMS's students join it when they launch or when the "
    "roster is synced.": "명단, 과제, 정책, 기한 연장은 그대로 유지되고, LMS 학생은 실행하거나 명단을 동기화할 때 합류합니다.",
    "Link to this course": "이 강좌에 연결", "You do not instruct any KubeGrade course yet.": "아직 가르치는 KubeGrade 강좌가 없습니다.",
    "LTI launch refused": "LTI 실행 거부", "Details": "세부 정보",
    "In a new window KubeGrade's cookies are sent, so the launch works there.":
        "새 창에서는 KubeGrade의 쿠키가 전송되므로 실행이 됩니다.",
}
