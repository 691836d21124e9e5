"""Helping materials accept a multipart upload (as pbclient sends it) besides JSON."""

import falcon

from entrypoints.errors import BadBody
from entrypoints.resources.catalog import Kind, ObjectPorts
from entrypoints.resources.objects import CollectionResource
from entrypoints.schemas.bodies import decode_part, split_fields
from entrypoints.schemas.render import render
from pybossa_core import permissions
from pybossa_core.helping import CreateHelpingMaterial
from pybossa_core.use_cases import helping

FILE_PART = "file"


class HelpingMaterialCollection(CollectionResource):
    """POST /api/helpingmaterial with JSON, or multipart with a `file` part."""

    def __init__(
        self, kind: Kind, ports: ObjectPorts, max_json_bytes: int, max_upload_bytes: int
    ) -> None:
        super().__init__(kind, ports, max_json_bytes)
        self.max_upload_bytes = max_upload_bytes

    def on_post(self, req: falcon.Request, resp: falcon.Response) -> None:
        if not (req.content_type or "").startswith(falcon.MEDIA_MULTIPART):
            return super().on_post(req, resp)
        form, upload = self._read_form(req)
        sent = split_fields(
            form, self.kind.create_schema, self.kind.entity, self.target, creating=True
        )
        material = helping.create_helping_material(
            req.context.uow,
            CreateHelpingMaterial(**sent.values),
            req.context.actor,
            self.ports.clock(),
            upload=upload,
            storage=self.ports.storage,
            keys=self.ports.keys,
        )
        hidden = permissions.hidden_from_writer(req.context.actor, self.target, material)
        resp.media = render(self.target, material, hidden)

    def _read_form(self, req: falcon.Request) -> tuple[dict, helping.Upload | None]:
        """Form values (JSON-decoded where they are JSON) and the uploaded file, if any."""
        max_bytes = self.max_upload_bytes
        form, upload = {}, None
        for part in req.get_media():
            if part.name == FILE_PART and part.filename is not None:
                if upload is not None:
                    raise BadBody(400, "BadRequest", "Send one file per helping material")
                data = part.stream.read(max_bytes + 1)
                if len(data) > max_bytes:
                    raise BadBody(
                        413, "RequestEntityTooLarge", f"The file is larger than {max_bytes} bytes"
                    )
                upload = helping.Upload(part.filename, data)
            else:
                form[part.name] = decode_part(part.get_text() or "")
        return form, upload
