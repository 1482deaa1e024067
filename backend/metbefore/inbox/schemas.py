from pydantic import Field

from ..circle.schemas import AskRead, ReplyRead
from ..friends.schemas import FriendOfFriend
from ..introductions.schemas import IntroductionRead
from ..meetings.schemas import InboxScan
from ..notes.schemas import NoteRead
from ..review.schemas import ReviewDue
from ..schemas import Output


class Inbox(Output):
    scans_waiting: list[InboxScan] = Field(
        description="Who scanned me and waits for my answer; gone when ignored or expired."
    )
    introductions: list[IntroductionRead] = Field(description="Waiting for my answer.")
    follow_ups_due: list[NoteRead]
    reviews_due: list[ReviewDue] = Field(
        description="Recent days whose people still have no note of mine, newest first."
    )
    friends_of_friends: list[FriendOfFriend] = Field(
        description="At events I attend: people two or more of my friends know."
    )
    asks: list[AskRead] = Field(description="My friends' open asks of the last 7 days.")
    ask_replies: list[ReplyRead] = Field(description="Replies to my asks of the last 7 days.")
    count: int = Field(description="Items that wait for me to act (all but friends of friends).")
