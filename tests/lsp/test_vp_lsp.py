"""`vp lsp` driven by pytest-lsp (pygls's client) on the bundled plans in plans/:
diagnostics after a change, completion, hover, definition, references, rename,
code action. The binary is $VP_BIN, else target/debug/vp (as `cargo build` leaves it).
"""

import asyncio
import os
import pathlib

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

REPO = pathlib.Path(__file__).resolve().parents[2]
PLANS = REPO / "plans"
TARGET = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
VP = os.environ.get("VP_BIN") or str(TARGET / "debug" / "vp")
UNIT = PLANS / "2020" / "hagersten-liljeholmen" / "resursenheten.yaml"
COMMITTEE = PLANS / "2020" / "hagersten-liljeholmen" / "namndplan.yaml"


def position(text: str, needle: str, plus: int = 0) -> types.Position:
    at = text.index(needle) + plus
    line = text.count("\n", 0, at)
    start = text.rfind("\n", 0, at) + 1
    column = len(text[start:at].encode("utf-16-le")) // 2
    return types.Position(line=line, character=column)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[VP, "lsp"]))
async def client(lsp_client: LanguageClient):
    assert pathlib.Path(VP).is_file(), f"{VP} saknas: kör `cargo build` först"
    capabilities = types.ClientCapabilities(
        text_document=types.TextDocumentClientCapabilities(
            completion=types.CompletionClientCapabilities(
                completion_item=types.ClientCompletionItemOptions(
                    documentation_format=[types.MarkupKind.Markdown, types.MarkupKind.PlainText]
                )
            ),
            hover=types.HoverClientCapabilities(
                content_format=[types.MarkupKind.Markdown, types.MarkupKind.PlainText]
            ),
            publish_diagnostics=types.PublishDiagnosticsClientCapabilities(
                related_information=True, code_description_support=True, data_support=True
            ),
            code_action=types.CodeActionClientCapabilities(
                code_action_literal_support=types.ClientCodeActionLiteralOptions(
                    code_action_kind=types.ClientCodeActionKindOptions(
                        value_set=[types.CodeActionKind.QuickFix, types.CodeActionKind.RefactorRewrite]
                    )
                ),
                is_preferred_support=True,
            ),
            rename=types.RenameClientCapabilities(prepare_support=True),
            document_symbol=types.DocumentSymbolClientCapabilities(
                hierarchical_document_symbol_support=True
            ),
        )
    )
    await lsp_client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            workspace_folders=[types.WorkspaceFolder(uri=PLANS.as_uri(), name="plans")],
        )
    )
    yield
    await lsp_client.shutdown_session()


def open_doc(client: LanguageClient, path: pathlib.Path, text: str) -> None:
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(
                uri=path.as_uri(), language_id="yaml", version=1, text=text
            )
        )
    )


def change(client: LanguageClient, path: pathlib.Path, version: int, text: str) -> None:
    client.text_document_did_change(
        types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=path.as_uri(), version=version),
            content_changes=[types.TextDocumentContentChangeWholeDocument(text=text)],
        )
    )


async def diagnostics_until(client: LanguageClient, uri: str, ok) -> list:
    for _ in range(50):
        found = client.diagnostics.get(uri)
        if found is not None and ok(found):
            return list(found)
        try:
            await asyncio.wait_for(
                client.wait_for_notification(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 10
            )
        except TimeoutError:
            break
    raise AssertionError(f"inga diagnoser som väntat för {uri}: {client.diagnostics.get(uri)}")


async def test_files_not_open_have_their_findings(client: LanguageClient):
    # The bundled plans have warnings (VP050, VP022 …): published without opening anything.
    found = await diagnostics_until(
        client,
        (PLANS / "2019" / "hagersten-liljeholmen" / "namndplan.md").as_uri(),
        lambda d: any(x.code == "VP050" for x in d),
    )
    assert all(x.source == "vp" for x in found)


async def test_a_change_is_checked_and_fixed_by_the_code_action(client: LanguageClient):
    text = UNIT.read_text()
    open_doc(client, UNIT, text)
    bad = text.replace("nämndmål: medvetna-val-for-miljon", "nämndmål: medvetna-val-for-miljo")
    change(client, UNIT, 2, bad)
    found = await diagnostics_until(
        client, UNIT.as_uri(), lambda d: any(x.code == "VP012" for x in d)
    )
    d = next(x for x in found if x.code == "VP012")
    assert "menade du `medvetna-val-for-miljon`?" in d.message
    assert d.range.start == position(bad, "medvetna-val-for-miljo\n")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=UNIT.as_uri()),
            range=d.range,
            context=types.CodeActionContext(diagnostics=[d]),
        )
    )
    fix = next(a for a in actions if a.title == "Ändra till `medvetna-val-for-miljon`")
    assert fix.edit.changes[UNIT.as_uri()][0].new_text == "medvetna-val-for-miljon"
    change(client, UNIT, 3, text)
    await diagnostics_until(client, UNIT.as_uri(), lambda d: not any(x.code == "VP012" for x in d))


async def test_a_code_action_adds_the_fortsatter_vp_diff_suggests(client: LanguageClient):
    # `vp diff 2019 2020` pairs this nämndmål with 2019's by similar title.
    text = COMMITTEE.read_text()
    open_doc(client, COMMITTEE, text)
    at = position(text, "titel: Stadsdelsnämnden är en attraktiv arbetsgivare")
    actions = await client.text_document_code_action_async(
        types.CodeActionParams(
            text_document=types.TextDocumentIdentifier(uri=COMMITTEE.as_uri()),
            range=types.Range(start=at, end=at),
            context=types.CodeActionContext(diagnostics=[]),
        )
    )
    line = "fortsätter: stadsdelsnamndens-medarbetare-professionella-engagerade-halsosam-arbetsmiljo"
    add = next(a for a in actions if line in a.title)
    edit = add.edit.changes[COMMITTEE.as_uri()][0]
    assert edit.new_text == "\n    " + line
    id_line = "  - id: attraktiv-arbetsgivare"
    assert edit.range.start == position(text, id_line + "\n", len(id_line))


async def test_completion_of_a_committee_goal_with_its_title(client: LanguageClient):
    text = UNIT.read_text().replace(
        "  - nämndmål: medvetna-val-for-miljon\n", "  - nämndmål: medv\n"
    )
    open_doc(client, UNIT, text)
    result = await client.text_document_completion_async(
        types.CompletionParams(
            text_document=types.TextDocumentIdentifier(uri=UNIT.as_uri()),
            position=position(text, "nämndmål: medv", len("nämndmål: medv")),
        )
    )
    items = result if isinstance(result, list) else result.items
    item = next(i for i in items if i.label == "medvetna-val-for-miljon")
    assert "miljön" in item.detail


async def test_hover_definition_and_references(client: LanguageClient):
    text = UNIT.read_text()
    open_doc(client, UNIT, text)
    at = types.TextDocumentPositionParams(
        text_document=types.TextDocumentIdentifier(uri=UNIT.as_uri()),
        position=position(text, "nämndmål: medvetna-val-for-miljon", 12),
    )
    hover = await client.text_document_hover_async(
        types.HoverParams(text_document=at.text_document, position=at.position)
    )
    assert "KF:s inriktningsmål" in hover.contents.value
    definition = await client.text_document_definition_async(
        types.DefinitionParams(text_document=at.text_document, position=at.position)
    )
    assert definition.uri == COMMITTEE.as_uri()
    assert definition.range.start == position(
        COMMITTEE.read_text(), "id: medvetna-val-for-miljon", 4
    )
    refs = await client.text_document_references_async(
        types.ReferenceParams(
            text_document=at.text_document,
            position=at.position,
            context=types.ReferenceContext(include_declaration=True),
        )
    )
    uris = {r.uri for r in refs}
    assert UNIT.as_uri() in uris and COMMITTEE.as_uri() in uris
    assert any(u.endswith("familjeratt-sydvast.yaml") for u in uris)


async def test_rename_across_files_and_refused_for_a_taken_id(client: LanguageClient):
    text = COMMITTEE.read_text()
    open_doc(client, COMMITTEE, text)
    pos = position(text, "id: medvetna-val-for-miljon", 6)
    doc = types.TextDocumentIdentifier(uri=COMMITTEE.as_uri())
    edit = await client.text_document_rename_async(
        types.RenameParams(text_document=doc, position=pos, new_name="medvetna-val")
    )
    assert COMMITTEE.as_uri() in edit.changes
    assert COMMITTEE.with_suffix(".md").as_uri() in edit.changes
    assert UNIT.as_uri() in edit.changes
    with pytest.raises(Exception, match="finns redan"):
        await client.text_document_rename_async(
            types.RenameParams(text_document=doc, position=pos, new_name="attraktiv-arbetsgivare")
        )
