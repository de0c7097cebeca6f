"""Fixture for the models check, in pydantic 1 and pydantic 2 idioms."""
from typing import Any, Dict, List, Optional

from fastapi import APIRouter, FastAPI
from pydantic import BaseModel, ConfigDict, Field, validator

app = FastAPI()
router = APIRouter()


class ItemV1(BaseModel):
    name: str
    price: float = Field(..., gt=0)
    tags: List[str] = []

    class Config:
        orm_mode = True

    @validator("name")
    def name_not_blank(cls, v: str) -> str:
        return v


class ItemV2(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    name: str
    description: Optional[str] = None


class Child(ItemV2):
    extra: int = 0


class Loose(BaseModel):  # expect: models
    name: str
    count = 0


class NotAModel:
    anything = 1


@app.get("/items/{item_id}", response_model=ItemV1)
def read_item(item_id: int) -> ItemV1:
    return ItemV1(name="a", price=1.0)


@app.get("/v2", response_model=None)
def v2_none() -> dict:  # expect: models
    return {}


@app.get("/typed")
def typed_return() -> List[ItemV2]:
    return []


@app.get("/raw")
def raw() -> Dict[str, Any]:  # expect: models
    return {}


@app.get("/untyped")
def untyped():  # expect: models
    return {}


@router.post("/items", response_model=ItemV1)
def create(item: ItemV1) -> ItemV1:
    return item


@router.post("/loose", response_model=ItemV2)
def create_loose(payload: dict) -> ItemV2:  # expect: models
    return ItemV2(name=payload["name"])


@router.put("/bulk", response_model=List[ItemV2])
def bulk(items: List[ItemV2]) -> List[ItemV2]:
    return items


@router.patch("/any", response_model=ItemV2)
def patch_any(data: Dict[str, Any]) -> ItemV2:  # expect: models
    return ItemV2(name="x")


def dump(item: ItemV1, other: ItemV2) -> Dict[str, Any]:
    return {"v1": item.dict(), "v2": other.model_dump()}
