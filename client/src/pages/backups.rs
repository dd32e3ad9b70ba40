//! The administrator's backups of the running server: when each was written, its size,
//! whether it read back whole, the last failure, and "back up now".

use shared::Lang;
use shared::api::BackupList;
use shared::endpoints::{CreateBackup, DownloadBackup, ListBackups, url};
use yew::prelude::*;

use crate::api::{self, CallError};
use crate::ctx::AppCtx;
use crate::i18n::{local_time, pick};

fn size(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{:.0} KB", (bytes as f64 / 1024.0).ceil())
    }
}

#[function_component(BackupsPanel)]
pub fn backups_panel() -> Html {
    let ctx = use_context::<AppCtx>();
    let list = use_state(|| None::<BackupList>);
    let reload = use_state(|| 0u32);
    let busy = use_state(|| false);
    let said = use_state(|| None::<String>);
    {
        let list = list.clone();
        use_effect_with(*reload, move |_| {
            yew::platform::spawn_local(async move {
                if let Ok(answer) = api::fetch::<ListBackups>(&[], &()).await {
                    list.set(Some(answer));
                }
            });
        });
    }
    let Some(ctx) = ctx else { return html! {} };
    let l = ctx.lang;
    let back_up_now = {
        let (busy, said, reload, ctx) = (busy.clone(), said.clone(), reload.clone(), ctx.clone());
        Callback::from(move |_| {
            if *busy {
                return;
            }
            busy.set(true);
            said.set(None);
            let (busy, said, reload, ctx) = (busy.clone(), said.clone(), reload.clone(), ctx.clone());
            yew::platform::spawn_local(async move {
                let result = api::call::<CreateBackup>(&[], &()).await;
                ctx.note(&result);
                let l = ctx.lang;
                said.set(Some(match result {
                    Ok(info) => format!(
                        "{} {}（{}）",
                        pick(l, "备份完成并已校验：", "Backed up and verified:"),
                        info.name,
                        size(info.size_bytes)
                    ),
                    Err(CallError::Api { error, .. }) => {
                        if l == Lang::En {
                            error.message_en
                        } else {
                            error.message_zh
                        }
                    }
                    Err(CallError::Network) => pick(l, "无法连接服务器", "Cannot reach the server").to_owned(),
                }));
                busy.set(false);
                reload.set(*reload + 1);
            });
        })
    };
    let Some(backups) = &*list else {
        return html! { <p class="loading">{ pick(l, "加载中…", "Loading…") }</p> };
    };
    let schedule = if backups.every_hours == 0 {
        pick(l, "只在点“立即备份”时备份", "Only when “Back up now” is pressed").to_owned()
    } else if l == Lang::En {
        format!("Every {} hours, the newest {} kept, in {}", backups.every_hours, backups.keep, backups.directory)
    } else {
        format!(
            "每 {} 小时自动备份一次，保留最近 {} 份，位置：{}",
            backups.every_hours, backups.keep, backups.directory
        )
    };
    html! {
        <section class="card" id="backups">
            <h2>{ pick(l, "备份", "Backups") }</h2>
            <p class="hint">{ schedule }</p>
            <p class="hint">{ pick(l, "备份时服务器照常工作；每份备份写完后都会读回校验。", "The server keeps working while it backs up; every backup is read back and checked.") }</p>
            if let Some(failure) = &backups.last_failure {
                <p class="error" id="backup-failure">{ format!("{}{failure}", pick(l, "上次备份失败：", "The last backup failed: ")) }</p>
            }
            <button id="backup-now" disabled={*busy || backups.running} onclick={back_up_now}>
                { if *busy || backups.running { pick(l, "正在备份…", "Backing up…") } else { pick(l, "立即备份", "Back up now") } }
            </button>
            if let Some(text) = &*said { <p class="flash" id="backup-said">{ text.clone() }</p> }
            if backups.items.is_empty() {
                <p class="empty">{ pick(l, "还没有备份。", "No backups yet.") }</p>
            } else {
                <table class="backups" id="backup-list">
                    <thead><tr>
                        <th>{ pick(l, "时间", "Written") }</th>
                        <th>{ pick(l, "大小", "Size") }</th>
                        <th>{ pick(l, "校验", "Verified") }</th>
                        <th>{ pick(l, "文件", "File") }</th>
                        <th></th>
                    </tr></thead>
                    <tbody>{ for backups.items.iter().map(|b| html! {
                        <tr>
                            <td>{ local_time(b.written_unix_ms) }</td>
                            <td>{ size(b.size_bytes) }</td>
                            <td title={b.verification.clone()}>{
                                if b.verified { pick(l, "✓ 已校验", "✓ verified") } else { pick(l, "未校验", "not verified") }
                            }</td>
                            <td class="file-name">{ b.name.clone() }</td>
                            // One file with the photos inside, to keep off this machine.
                            <td><a class="button secondary backup-download" download="" href={url::<DownloadBackup>(&[&b.name], &())}>
                                { pick(l, "下载", "Download") }</a></td>
                        </tr>
                    }) }</tbody>
                </table>
            }
        </section>
    }
}
