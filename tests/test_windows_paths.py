"""Windows conventions in the core (issue 17.5): a network-share outbox, pasted folders."""

from __future__ import annotations

from pathlib import Path, PureWindowsPath

import pytest

from hvdesk import paths
from hvdesk.errors import ValidationError
from hvdesk.notices import NoticeSettings
from hvdesk.notices.gateways.base import OutgoingMessage
from hvdesk.notices.sending import gateway_from_settings
from hvdesk.notices.settings import normalise

UNC = r"\\server\share\sms outbox"


def test_a_network_share_keeps_its_anchor() -> None:
    for typed in (UNC, f'"{UNC}"', "//server/share/sms outbox", f"  {UNC}  "):
        folder = paths.user_folder(typed, PureWindowsPath)
        assert folder == PureWindowsPath(UNC), typed
        assert folder.anchor == "\\\\server\\share\\"
        assert str(folder / "hvdesk-1.csv") == r"\\server\share\sms outbox\hvdesk-1.csv"
        assert (folder / "x.csv").with_name("x.csv.part").parent == folder
        assert paths.is_absolute_folder(typed)


@pytest.mark.parametrize("typed", [UNC, f'"{UNC}"', r"D:\SMS\outbox", "/srv/sms/outbox"])
def test_notice_settings_take_full_folders_and_shares(typed: str) -> None:
    clean = normalise(NoticeSettings(signature="诚信金融", outbox_dir=typed))
    assert clean.outbox_dir == typed.strip('"')


@pytest.mark.parametrize("typed", ["outbox", r"sms\outbox", "./outbox"])
def test_a_relative_outbox_folder_is_refused(typed: str) -> None:
    with pytest.raises(ValidationError) as refused:
        normalise(NoticeSettings(signature="诚信金融", outbox_dir=typed))
    assert refused.value.field == "outbox_dir"


def test_the_outbox_gateway_writes_into_a_pasted_folder(tmp_path: Path) -> None:
    folder = tmp_path / "sms outbox"
    gateway = gateway_from_settings(
        NoticeSettings(signature="【诚信金融】", gateway="outbox", outbox_dir=f'"{folder}"'))
    (result,) = gateway.send([OutgoingMessage("k1", "13812340001", "您好")])
    assert result.ok and (folder / str(result.ref)).is_file()
