"""Korean for the workspace's rate and size refusals (kubegrade/workspaces/limits.py), the
password-reset form's rate (accounts/reset_throttle.py) and the course's time zone setting;
`translate_ko.py` merges it into its table."""

KO_LIMITS = {
    "At most %(limit)d commands a minute; try again in %(retry)d s.":
        "명령어는 1분에 최대 %(limit)d개입니다. %(retry)d초 후에 다시 시도하세요.",
    "At most %(limit)d file changes and interrupts a minute; try again in %(retry)d s.":
        "파일 변경과 중단(Ctrl-C)은 1분에 최대 %(limit)d번입니다. %(retry)d초 후에 다시 시도하세요.",
    "At most %(limit)d resets a minute; try again in %(retry)d s.":
        "초기화는 1분에 최대 %(limit)d번입니다. %(retry)d초 후에 다시 시도하세요.",
    "At most %(limit)d completions a minute; try again in %(retry)d s.":
        "자동 완성(Tab)은 1분에 최대 %(limit)d번입니다. %(retry)d초 후에 다시 시도하세요.",
    "The command is %(length)d characters long; the terminal accepts at most %(limit)d.":
        "명령어가 %(length)d자입니다. 터미널은 최대 %(limit)d자까지 받습니다.",
    "The edited file is %(length)d characters long; the terminal accepts at most %(limit)d.":
        "편집한 파일이 %(length)d자입니다. 터미널은 최대 %(limit)d자까지 받습니다.",
    "The workspace holds at most %(count)d files.": "작업 공간에는 파일을 최대 %(count)d개까지 둘 수 있습니다.",
    "The files would total %(size)d bytes; the workspace holds at most %(limit)d bytes.":
        "파일 합계가 %(size)d바이트가 됩니다. 작업 공간은 최대 %(limit)d바이트까지 담습니다.",
    "%(name)r is not a usable file name (no folders: a plain name such as svc.yaml).":
        "%(name)r 은(는) 쓸 수 없는 파일 이름입니다(폴더 없이 svc.yaml 같은 이름).",
    "Too many password links were asked for from your network; try again in %(minutes)d min.":
        "이 네트워크에서 비밀번호 링크 요청이 너무 많습니다. %(minutes)d분 후에 다시 시도하세요.",
    "A link for this address was asked for %(count)d times already; if an account has it, the newest "
    "link in its inbox works. A new one can be asked for in %(minutes)d min.":
        "이 주소로 링크 요청이 이미 %(count)d번 있었습니다. 이 주소의 계정이 있다면 받은편지함의 가장 최근 "
        "링크를 쓰면 됩니다. 새 링크는 %(minutes)d분 후에 요청할 수 있습니다.",
    "Your own kubectl": "내 kubectl로 접속",
    "A kubeconfig for this workspace's cluster: kubectl --kubeconfig FILE get pods works from your computer. Each "
    "download makes a new token and revokes the earlier ones.":
        "이 작업 공간 클러스터용 kubeconfig 입니다. 내 컴퓨터에서 kubectl --kubeconfig FILE get pods 처럼 쓸 수 "
        "있습니다. 내려받을 때마다 새 토큰이 만들어지고 이전 토큰은 폐기됩니다.",
    "Download kubeconfig": "kubeconfig 내려받기", "Revoke its tokens": "토큰 폐기",
    "Revoked %(count)d kubeconfig tokens: kubectl with them gets 401 now.":
        "kubeconfig 토큰 %(count)d개를 폐기했습니다. 이제 그 토큰을 쓰는 kubectl 은 401을 받습니다.",
    "Time zone": "시간대",
    "A name from the zone database, such as Asia/Seoul. Staff pages and CSVs print times in it, and due dates "
    "typed without a zone are read in it. Blank: the site's zone.":
        "Asia/Seoul 같은 시간대 데이터베이스의 이름입니다. 교직원 페이지와 CSV의 시각이 이 시간대로 표시되고, "
        "시간대 없이 입력한 마감일도 이 시간대로 읽습니다. 비우면 사이트의 시간대를 씁니다.",
    "%(name)s is not a time zone of the zone database; write one such as Asia/Seoul or Europe/Berlin.":
        "%(name)s 은(는) 시간대 데이터베이스에 없는 이름입니다. Asia/Seoul 이나 Europe/Berlin 처럼 쓰세요.",
}
