// A mock provincial public-service portal for the sample catalogue. Synthetic data only; nothing is sent anywhere.
// Every page is drawn from the data below, deterministically (no clocks, no randomness), so captures repeat.
"use strict";

const PROCEDURES = [
  { code: "1.001193", name: "Đăng ký khai sinh", level: "full", agency: "UBND cấp xã", fee: 0,
    form: "Tờ khai đăng ký khai sinh",
    fields: [["Họ và tên trẻ"], ["Ngày sinh của trẻ"], ["Giới tính", ["Nam", "Nữ"]], ["Nơi sinh"],
             ["Họ và tên mẹ"], ["Họ và tên cha"]],
    docs: ["Giấy chứng sinh", "Giấy chứng nhận kết hôn của cha mẹ (nếu có)"] },
  { code: "1.004884", name: "Đăng ký lại khai sinh", level: "part", agency: "UBND cấp xã", fee: 0 },
  { code: "2.000635", name: "Cấp bản sao trích lục khai sinh", level: "full", agency: "UBND cấp xã", fee: 8000 },
  { code: "1.000894", name: "Đăng ký kết hôn", level: "part", agency: "UBND cấp xã", fee: 0,
    form: "Tờ khai đăng ký kết hôn",
    fields: [["Họ và tên bên nam"], ["Ngày sinh bên nam"], ["Họ và tên bên nữ"], ["Ngày sinh bên nữ"],
             ["Nơi cư trú"]],
    docs: ["Ảnh căn cước bên nam", "Ảnh căn cước bên nữ"] },
  { code: "1.004746", name: "Cấp giấy xác nhận tình trạng hôn nhân", level: "full", agency: "UBND cấp xã", fee: 0 },
  { code: "2.000720", name: "Đăng ký thành lập hộ kinh doanh", level: "full", agency: "UBND cấp xã", fee: 50000,
    form: "Giấy đề nghị đăng ký hộ kinh doanh",
    fields: [["Tên hộ kinh doanh"], ["Ngành nghề kinh doanh"], ["Vốn kinh doanh (đồng)"],
             ["Địa điểm kinh doanh"], ["Số điện thoại liên hệ"]],
    docs: ["Bản sao căn cước của chủ hộ", "Hợp đồng thuê địa điểm (nếu có)"] },
  { code: "2.000575", name: "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", level: "full", agency: "UBND cấp xã",
    fee: 30000 },
  { code: "2.000488", name: "Cấp phiếu lý lịch tư pháp cho công dân Việt Nam", level: "full",
    agency: "Sở Tư pháp", fee: 200000, form: "Tờ khai yêu cầu cấp phiếu lý lịch tư pháp",
    fields: [["Họ và tên"], ["Số định danh cá nhân"], ["Loại phiếu", ["Phiếu số 1", "Phiếu số 2"]],
             ["Mục đích sử dụng"]],
    docs: ["Ảnh căn cước hai mặt"] },
  { code: "1.009794", name: "Cấp giấy phép xây dựng nhà ở riêng lẻ", level: "part", agency: "UBND cấp xã",
    fee: 75000, form: "Đơn đề nghị cấp giấy phép xây dựng",
    fields: [["Chủ đầu tư"], ["Địa điểm xây dựng"], ["Diện tích xây dựng (m²)"], ["Số tầng"]],
    docs: ["Bản vẽ thiết kế", "Giấy chứng nhận quyền sử dụng đất"] },
  { code: "1.004203", name: "Chuyển mục đích sử dụng đất", level: "part", agency: "UBND cấp xã", fee: 0,
    form: "Đơn xin chuyển mục đích sử dụng đất",
    fields: [["Người sử dụng đất"], ["Số thửa"], ["Số tờ bản đồ"],
             ["Mục đích hiện tại", ["Đất trồng lúa", "Đất trồng cây lâu năm", "Đất nuôi trồng thủy sản"]],
             ["Mục đích xin chuyển", ["Đất ở tại nông thôn", "Đất thương mại, dịch vụ"]]],
    docs: ["Giấy chứng nhận quyền sử dụng đất"] },
];

const params = new URLSearchParams(location.search);
const procedure = PROCEDURES.find(p => p.code === params.get("ma")) || PROCEDURES[0];
// The login lives in a cookie (per host, whatever port the mock is served on), as a real portal's session does.
const account = (document.cookie.match(/(?:^|; )account=(\d{12})/) || [])[1] || null;

function fold(text) {
  return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/đ/g, "d").replace(/Đ/g, "D").toLowerCase();
}

function escape(text) {
  return String(text).replace(/[&<>"]/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
}

function money(amount) {
  return amount ? amount.toLocaleString("vi-VN").replace(/,/g, ".") + " đồng" : "Miễn phí";
}

function slug(text) {
  return fold(text).replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

function header() {
  const who = account
    ? `<span class="who" id="account">Tài khoản ${escape(account)}</span><a href="#" id="logout">Đăng xuất</a>`
    : `<a class="btn light" href="dang-nhap.html">Đăng nhập</a>`;
  document.getElementById("top").innerHTML = `
    <div class="bar">
      <a class="brand" href="index.html"><span class="emblem" aria-hidden="true">TN</span>
        <span><strong>CỔNG DỊCH VỤ CÔNG TỈNH TÂY NINH</strong><small>Bản mẫu để chụp hướng dẫn: dữ liệu giả</small></span></a>
      <nav aria-label="Chính"><span class="links"><a href="index.html">Trang chủ</a>
        <a href="thu-tuc.html">Thủ tục hành chính</a> <a href="tra-cuu.html">Tra cứu hồ sơ</a></span>
        <span class="account">${who}</span></nav>
    </div>`;
  const logout = document.getElementById("logout");
  if (logout) logout.addEventListener("click", event => {
    event.preventDefault();
    document.cookie = "account=; path=/; max-age=0";
    location.href = "index.html";
  });
}

function stepper(now) {
  const names = ["Khai thông tin", "Giấy tờ", "Lệ phí", "Nộp hồ sơ"];
  return `<ol class="stepper" aria-label="Các bước">${names.map((name, index) =>
    `<li class="${index === now ? "now" : ""}">${index + 1}. ${name}</li>`).join("")}</ol>`;
}

function requireLogin() {
  if (account) return true;
  location.replace("dang-nhap.html?tiep=" + encodeURIComponent(location.pathname.split("/").pop() + location.search));
  return false;
}

const pages = {
  home(main) {
    main.innerHTML = `
      <div class="stats">
        <div class="card"><b>2.015</b>thủ tục hành chính</div>
        <div class="card"><b>1.146</b>dịch vụ công trực tuyến toàn trình</div>
        <div class="card"><b>98,6%</b>hồ sơ đúng hạn</div>
      </div>
      <div class="card"><h2>Thông báo</h2><p>Từ ngày 01/12/2026, người dân đăng nhập bằng tài khoản định danh
        điện tử VNeID mức 2 để nộp hồ sơ trực tuyến.</p></div>`;
  },

  login(main) {
    main.innerHTML = `
      <div class="card login">
        <div class="vneid"><span class="emblem" aria-hidden="true">ID</span> Đăng nhập bằng tài khoản VNeID</div>
        <form id="login-form" aria-label="Đăng nhập">
          <div class="field"><label for="id-number">Số định danh cá nhân</label>
            <input id="id-number" name="id" inputmode="numeric" autocomplete="off" placeholder="12 chữ số"></div>
          <div class="field"><label for="password">Mật khẩu</label>
            <input id="password" type="password" name="password" autocomplete="off"></div>
          <p class="meta" id="login-error" role="alert"></p>
          <div class="actions"><button class="btn big" type="submit">Đăng nhập</button></div>
        </form>
      </div>`;
    document.getElementById("login-form").addEventListener("submit", event => {
      event.preventDefault();
      const id = document.getElementById("id-number").value.replace(/\s/g, "");
      if (!/^\d{12}$/.test(id)) {
        document.getElementById("login-error").textContent = "Số định danh cá nhân gồm 12 chữ số.";
        return;
      }
      document.cookie = `account=${id}; path=/`;
      location.href = params.get("tiep") || "index.html";
    });
  },

  list(main) {
    const query = params.get("q") || "";
    const found = PROCEDURES.filter(p => fold(p.name).includes(fold(query)));
    main.innerHTML = `
      <h1>Thủ tục hành chính</h1>
      <form class="search card" action="thu-tuc.html" role="search" aria-label="Tìm thủ tục">
        <input type="search" name="q" aria-label="Tìm kiếm thủ tục" value="${escape(query)}">
        <button class="btn" type="submit">Tìm kiếm</button></form>
      <p class="meta">Tìm thấy ${found.length} thủ tục${query ? ` cho “${escape(query)}”` : ""}</p>
      ${found.map(p => `
        <article class="card result" aria-labelledby="tt-${slug(p.code)}">
          <div class="what"><h3 id="tt-${slug(p.code)}">${escape(p.name)}</h3>
            <div class="meta">Mã ${p.code} · ${escape(p.agency)} · Lệ phí: ${money(p.fee)}
              <span class="badge ${p.level === "part" ? "part" : ""}">${p.level === "part" ? "Một phần" : "Toàn trình"}</span></div></div>
          <a class="btn" href="nop-ho-so.html?ma=${p.code}">Nộp trực tuyến</a>
        </article>`).join("")}`;
  },

  form(main) {
    if (!requireLogin()) return;
    const fields = procedure.fields || [["Nội dung yêu cầu"]];
    main.innerHTML = `
      <h1>${escape(procedure.name)}</h1>${stepper(0)}
      <form class="card" id="application" aria-label="${escape(procedure.form || procedure.name)}">
        <h2>${escape(procedure.form || procedure.name)}</h2>
        <div class="grid">${fields.map(([label, options], index) => `
          <div class="field"><label for="f${index}">${escape(label)}</label>${options
            ? `<select id="f${index}">${options.map(o => `<option>${escape(o)}</option>`).join("")}</select>`
            : `<input id="f${index}" autocomplete="off">`}</div>`).join("")}</div>
      </form>
      <div class="actions"><button class="btn light" type="button">Lưu nháp</button>
        <a class="btn" href="giay-to.html?ma=${procedure.code}">Tiếp tục</a></div>`;
  },

  documents(main) {
    if (!requireLogin()) return;
    const docs = procedure.docs || ["Giấy tờ kèm theo"];
    const next = procedure.fee ? "le-phi.html" : "xac-nhan.html";
    main.innerHTML = `
      <h1>${escape(procedure.name)}</h1>${stepper(1)}
      <section class="card" aria-labelledby="docs-title"><h2 id="docs-title">Giấy tờ kèm theo</h2>
        <p class="meta">Tệp PDF hoặc ảnh chụp rõ nét, mỗi tệp không quá 5 MB.</p>
        <ul class="docs">${docs.map((doc, index) => `
          <li><span class="name">${escape(doc)}</span><span class="state" id="state${index}">Chưa có tệp</span>
            <input type="file" class="visually-hidden" id="file${index}" aria-label="Tệp ${escape(doc)}" tabindex="-1">
            <button class="btn light" type="button" data-file="file${index}"
              aria-label="Chọn tệp ${escape(doc)}">Chọn tệp</button></li>`).join("")}</ul>
      </section>
      <div class="actions"><a class="btn light" href="nop-ho-so.html?ma=${procedure.code}">Quay lại</a>
        <a class="btn" href="${next}?ma=${procedure.code}">Tiếp tục</a></div>`;
    main.querySelectorAll("button[data-file]").forEach(button =>
      button.addEventListener("click", () => document.getElementById(button.dataset.file).click()));
    main.querySelectorAll("input[type=file]").forEach((input, index) => input.addEventListener("change", () => {
      const state = document.getElementById("state" + index);
      state.textContent = input.files.length ? `✓ ${input.files[0].name}` : "Chưa có tệp";
      state.className = "state done";
    }));
  },

  payment(main) {
    if (!requireLogin()) return;
    main.innerHTML = `
      <h1>${escape(procedure.name)}</h1>${stepper(2)}
      <section class="card" aria-labelledby="pay-title"><h2 id="pay-title">Thanh toán lệ phí</h2>
        <p>Số tiền phải nộp</p><p class="amount">${money(procedure.fee)}</p>
        <fieldset class="field"><legend>Hình thức thanh toán</legend>
          <label class="check"><input type="radio" name="pay" checked> Cổng thanh toán quốc gia</label>
          <label class="check"><input type="radio" name="pay"> Chuyển khoản ngân hàng</label></fieldset>
      </section>
      <div class="actions"><a class="btn" href="xac-nhan.html?ma=${procedure.code}">Thanh toán</a></div>`;
  },

  confirm(main) {
    if (!requireLogin()) return;
    main.innerHTML = `
      <h1>${escape(procedure.name)}</h1>${stepper(3)}
      <section class="card" aria-labelledby="confirm-title"><h2 id="confirm-title">Xác nhận và nộp hồ sơ</h2>
        <div class="field"><label for="delivery">Hình thức nhận kết quả</label>
          <select id="delivery"><option>Nhận trực tiếp tại Bộ phận một cửa</option>
            <option>Nhận qua bưu điện</option><option>Nhận bản điện tử</option></select></div>
        <label class="check"><input type="checkbox" id="pledge"> Tôi xin cam đoan những thông tin khai trên là
          đúng sự thật.</label>
        <p class="meta" id="confirm-error" role="alert"></p>
      </section>
      <div class="actions"><button class="btn big red" type="button" id="submit">Nộp hồ sơ</button></div>`;
    document.getElementById("submit").addEventListener("click", () => {
      if (!document.getElementById("pledge").checked) {
        document.getElementById("confirm-error").textContent = "Vui lòng đánh dấu ô cam đoan trước khi nộp.";
        return;
      }
      location.href = `ket-qua.html?ma=${procedure.code}`;
    });
  },

  receipt(main) {
    const code = `H48.26-${procedure.code.replace(/\./g, "")}-0001`;
    main.innerHTML = `
      <section class="card" aria-labelledby="done-title"><h1 id="done-title">Nộp hồ sơ thành công</h1>
        <p>Thủ tục: ${escape(procedure.name)}</p>
        <p>Mã hồ sơ của bạn</p><p class="code" id="code">${code}</p>
        <p class="meta">Ngày hẹn trả kết quả: 04/12/2026. Hãy lưu lại mã hồ sơ để tra cứu.</p>
        <div class="actions"><a class="btn" href="tra-cuu.html?ma=${procedure.code}&amp;code=${code}">Tra cứu hồ sơ</a></div>
      </section>`;
  },

  track(main) {
    const code = params.get("code") || "";
    main.innerHTML = `
      <h1>Tra cứu hồ sơ</h1>
      <form class="search card" action="tra-cuu.html" role="search" aria-label="Tra cứu">
        <input name="code" aria-label="Mã hồ sơ" value="${escape(code)}" placeholder="Nhập mã hồ sơ">
        <button class="btn" type="submit">Tra cứu</button></form>
      ${code ? `<section class="card" aria-labelledby="status-title"><h2 id="status-title">Tình trạng hồ sơ ${escape(code)}</h2>
        <table><thead><tr><th>Thời gian</th><th>Nội dung</th><th>Đơn vị</th></tr></thead><tbody>
          <tr><td>28/11/2026 09:15</td><td>Tiếp nhận hồ sơ trực tuyến</td><td>Bộ phận một cửa</td></tr>
          <tr><td>28/11/2026 10:02</td><td>Chuyển xử lý</td><td>${escape(procedure.agency)}</td></tr>
          <tr><td>Dự kiến 04/12/2026</td><td>Trả kết quả</td><td>Bộ phận một cửa</td></tr>
        </tbody></table></section>` : ""}`;
  },
};

header();
pages[document.body.dataset.page](document.querySelector("main"));
