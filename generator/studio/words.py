"""The studio's interface text, in Vietnamese (the default) and English."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "vi": {
        "studio": "Xưởng hướng dẫn", "board": "Danh mục thủ tục", "new": "Thủ tục mới", "publish": "Xuất bản",
        "open_site": "Mở trang hướng dẫn", "language": "English", "language_code": "en",
        "filter": "Lọc", "all": "Tất cả", "problems": "Có lỗi", "stale": "Video cũ", "not_captured": "Chưa chụp",
        "procedure": "Thủ tục", "state": "Tình trạng", "captured": "Ảnh màn hình", "clips": "Video",
        "reels": "Màn hình sảnh", "site": "Trang web", "none": "—", "ok": "Không có lỗi",
        "of": "/", "steps_captured": "bước đã chụp", "checked": "Kiểm tra cổng", "portal_changed": "Cổng đã đổi",
        "never_checked": "chưa kiểm tra", "up to date": "đã cập nhật", "missing": "chưa có", "stale_clip": "cũ",
        "id": "Mã (chữ thường, gạch nối)", "title": "Tên thủ tục", "code": "Mã thủ tục quốc gia",
        "category": "Nhóm", "create": "Tạo", "cancel": "Huỷ", "edit": "Sửa", "page": "Xem trang",
        "facts": "Thông tin thủ tục", "steps": "Các bước", "step": "Bước", "vi": "Tiếng Việt", "en": "Tiếng Anh",
        "summary": "Tóm tắt", "agency": "Cơ quan giải quyết", "fee": "Lệ phí", "processing_time": "Thời hạn",
        "portal_url": "Địa chỉ nộp hồ sơ", "in_person": "Phần làm trực tiếp", "offline": "Nếu không nộp trực tuyến",
        "documents": "Giấy tờ cần chuẩn bị", "name": "Tên giấy tờ", "originals": "Bản chính", "copies": "Bản sao",
        "case": "Trường hợp", "ways": "Cách thức thực hiện", "channel": "Cách nộp", "note": "Ghi chú",
        "online": "Trực tuyến", "in_person_channel": "Trực tiếp", "post": "Bưu chính", "conditions": "Điều kiện",
        "result": "Kết quả", "paper": "Giấy tờ nhận được", "delivery": "Cách nhận", "legal_basis": "Căn cứ pháp lý",
        "office": "Nơi tiếp nhận", "address": "Địa chỉ", "hours": "Giờ làm việc", "hotline": "Đường dây nóng",
        "add": "Thêm", "remove": "Xoá", "up": "Lên", "down": "Xuống", "insert_step": "Thêm bước sau bước này",
        "delete_step": "Xoá bước này", "confirm_delete": "Xoá bước này? Việc này ghi ngay vào tệp.",
        "narration": "Lời đọc", "step_title": "Tiêu đề bước",
        "typing": "Chữ gõ vào ô", "spoken": "Sẽ được đọc là", "play": "Nghe thử",
        "target": "Phần tử được chỉ", "no_screenshot": "Chưa có ảnh màn hình", "saved": "Đã lưu",
        "not_saved": "Chưa lưu: sửa lỗi trước", "changed_on_disk": "Tệp đã bị sửa ở nơi khác.",
        "reload": "Tải lại", "preview": "Xem thử", "whole_clip": "Cả video", "scene": "Cảnh", "format": "Định dạng",
        "render": "Dựng", "contact_sheet": "Bảng phân cảnh", "recapture": "Chụp lại màn hình",
        "working": "Đang làm…", "done": "Xong", "failed": "Không thành công", "summary_changed": "Đã thay đổi",
        "new_step_title": "Bước mới", "new_document": "Giấy tờ mới", "new_item": "Nội dung mới",
        "keyboard": "Phím tắt: Tab để di chuyển, Enter để bấm nút.", "problems_here": "Lỗi cần sửa",
        "field": "Mục", "back": "Về danh mục", "log": "Nhật ký", "open_file": "Tệp",
        "publish_help": "Chụp màn hình còn thiếu, dựng video cũ, màn hình sảnh và trang web.",
        "layout_note": "Tệp này được trình bày theo cách mà xưởng không giữ nguyên được (ví dụ dòng dài bị ngắt). "
                       "Để sửa ở đây, hãy cho xưởng trình bày lại tệp một lần: nội dung giữ nguyên.",
        "reformat": "Trình bày lại tệp",
        "applicants": "Đối tượng thực hiện (một câu)", "decided_by": "Cơ quan quyết định (nếu khác nơi tiếp nhận)",
        "document_sets": "Số bộ hồ sơ", "shown": "Chỉ xuất trình, không nộp", "law": "Văn bản",
        "url": "Địa chỉ văn bản (https)",
        "voice": "Thu giọng đọc", "back_to_editor": "Về trang sửa", "voice_how": "Cách thu",
        "voice_tips": "Dùng tai nghe có micro hoặc micro USB, cách miệng một gang tay (15–20 cm), trong phòng "
                      "yên tĩnh. Đọc rõ, vừa phải, như nói với người dân ở quầy. Thanh mức âm nên dao động "
                      "quanh giữa khi đọc. Bản thu được lưu vào assets/voice/ và dùng cho video tiếng Việt.",
        "key_record": "ghi / dừng và sang cảnh sau", "key_play": "nghe lại", "key_move": "chọn cảnh",
        "scenes": "Các cảnh", "record": "Ghi (Space)", "stop": "Dừng (Space)", "listen_back": "Nghe lại (P)",
        "remove_take": "Xoá bản thu", "level": "Mức âm micro", "recording": "Đang ghi…", "saving": "Đang lưu…",
        "recorded": "Đã thu", "not_recorded": "Chưa thu", "stale_take": "Lời đã đổi: cần thu lại",
        "no_microphone": "Không mở được micro: hãy cho phép trình duyệt dùng micro (và mở xưởng trên máy này).",
        "all_recorded": "Đã thu xong mọi cảnh.", "voice_room": "Thu giọng",
        "pick_target": "Chọn phần tử", "hide_area": "Che một vùng",
        "pick_help": "Rê chuột lên ảnh để thấy các phần tử; bấm vào phần tử để chỉ nó trong bước này. Bật «Che một "
                     "vùng» rồi kéo chuột để che (làm mờ) một vùng có thông tin riêng.",
        "hidden_areas": "Vùng được che", "use": "Dùng",
        "click_right_element": "Bấm vào đúng phần tử trên ảnh (hoặc chọn trong danh sách) để sửa.",
        "fix_reading": "Sửa cách đọc một từ", "written": "Chữ viết", "read_as": "Đọc là",
        "save_reading": "Lưu và nghe lại",
        "reading_help": "Chọn (bôi đen) từ đọc sai trong lời đọc hoặc dòng «Sẽ được đọc là», rồi viết cách đọc đúng. "
                        "Cách đọc được thêm vào bảng từ (glossary) trong settings.yaml, dùng cho mọi thủ tục.",
        "robotic_voice": "Giọng espeak-ng khó nghe trên TV ở sảnh: hãy thu giọng trong xưởng hoặc cài giọng Piper.",
    },
    "en": {
        "studio": "Guide studio", "board": "Catalogue", "new": "New procedure", "publish": "Publish",
        "open_site": "Open the help site", "language": "Tiếng Việt", "language_code": "vi",
        "filter": "Filter", "all": "All", "problems": "Problems", "stale": "Stale clips",
        "not_captured": "Not captured", "procedure": "Procedure", "state": "State", "captured": "Screenshots",
        "clips": "Clips", "reels": "Lobby TVs", "site": "Site page", "none": "—", "ok": "No problems",
        "of": "/", "steps_captured": "steps captured", "checked": "Portal check", "portal_changed": "Portal changed",
        "never_checked": "never checked", "up to date": "up to date", "missing": "missing", "stale_clip": "stale",
        "id": "Id (lowercase, hyphens)", "title": "Title", "code": "National procedure code",
        "category": "Category", "create": "Create", "cancel": "Cancel", "edit": "Edit", "page": "See the page",
        "facts": "Facts", "steps": "Steps", "step": "Step", "vi": "Vietnamese", "en": "English",
        "summary": "Summary", "agency": "Processed by", "fee": "Fee", "processing_time": "Processing time",
        "portal_url": "Where to apply", "in_person": "Part done in person", "offline": "If not online",
        "documents": "Documents to prepare", "name": "Document", "originals": "Originals", "copies": "Copies",
        "case": "Case", "ways": "Ways to apply", "channel": "Channel", "note": "Note", "online": "Online",
        "in_person_channel": "In person", "post": "By post", "conditions": "Conditions", "result": "Result",
        "paper": "Paper received", "delivery": "Delivery", "legal_basis": "Legal basis", "office": "Office",
        "address": "Address", "hours": "Opening hours", "hotline": "Hotline", "add": "Add", "remove": "Remove",
        "up": "Up", "down": "Down", "insert_step": "Add a step after this one", "delete_step": "Delete this step",
        "confirm_delete": "Delete this step? This writes to the file at once.", "narration": "Narration",
        "step_title": "Step heading",
        "typing": "Text typed in the field", "spoken": "Will be spoken as", "play": "Listen",
        "target": "Target element", "no_screenshot": "No screenshot yet", "saved": "Saved",
        "not_saved": "Not saved: fix the problem first", "changed_on_disk": "The file was changed elsewhere.",
        "reload": "Reload", "preview": "Preview", "whole_clip": "Whole clip", "scene": "Scene", "format": "Format",
        "render": "Render", "contact_sheet": "Storyboard", "recapture": "Capture the screens again",
        "working": "Working…", "done": "Done", "failed": "Failed", "summary_changed": "Changed",
        "new_step_title": "New step", "new_document": "New document", "new_item": "New item",
        "keyboard": "Keyboard: Tab to move, Enter to press a button.", "problems_here": "Problems to fix",
        "field": "Field", "back": "Back to the catalogue", "log": "Log", "open_file": "File",
        "publish_help": "Capture what is missing, render stale clips, the lobby TV loops and the help site.",
        "layout_note": "This file is laid out in a way the studio cannot keep (long lines wrapped, say). To edit it "
                       "here, let the studio lay it out once: its content stays the same.",
        "reformat": "Lay the file out again",
        "applicants": "Who may apply (a sentence)", "decided_by": "Decided by (when not the receiving office)",
        "document_sets": "Sets of documents", "shown": "Only shown, not handed in", "law": "Law",
        "url": "Where its text is (https)",
        "voice": "Record the voice", "back_to_editor": "Back to the editor", "voice_how": "How to record",
        "voice_tips": "Use a headset with a microphone or a USB microphone, a hand's width (15–20 cm) from your mouth, "
                      "in a quiet room. Read clearly and calmly, as you would to someone at the desk. The level bar "
                      "should swing around the middle while you read. Takes are saved in assets/voice/ and used "
                      "for the Vietnamese clips.",
        "key_record": "record / stop and go to the next scene", "key_play": "listen back", "key_move": "choose a scene",
        "scenes": "Scenes", "record": "Record (Space)", "stop": "Stop (Space)", "listen_back": "Listen back (P)",
        "remove_take": "Remove the take", "level": "Microphone level", "recording": "Recording…",
        "saving": "Saving…", "recorded": "Recorded", "not_recorded": "Not recorded", "stale_take":
        "The text changed: record again",
        "no_microphone": "The microphone could not be opened: allow the browser to use it (and open the studio "
                         "on this computer).",
        "all_recorded": "Every scene is recorded.", "voice_room": "Record the voice",
        "pick_target": "Choose the element", "hide_area": "Hide an area",
        "pick_help": "Move the pointer over the picture to see its elements; click one to make it this step's "
                     "target. Turn on “Hide an area”, then drag to blur an area with private details.",
        "hidden_areas": "Hidden areas", "use": "Use",
        "click_right_element": "Click the right element on the picture (or choose it in the list) to fix it.",
        "fix_reading": "Fix how a word is read", "written": "Written", "read_as": "Read as",
        "save_reading": "Save and listen",
        "reading_help": "Select the misread word in the narration or in “Will be spoken as”, then write how to read "
                        "it. The reading goes into the glossary in settings.yaml, for every procedure.",
        "robotic_voice": "espeak-ng is hard to understand on a lobby TV: record the voice here or install a Piper "
                         "voice.",
    },
}


def words_for(language: str) -> dict[str, str]:
    """The interface words in `language` (Vietnamese unless English is asked for)."""
    return WORDS.get(language, WORDS["vi"])
